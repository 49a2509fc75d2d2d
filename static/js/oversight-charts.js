/* Oversight charts: each element with data-chart="<id>" is drawn by ECharts (vendored in
   static/vendor/echarts, no CDN) from the JSON in <script id="<id>">. The same numbers are in
   the table beside each chart, which is what screen readers and exports use. */
(function () {
  "use strict";
  if (typeof echarts === "undefined") { return; }
  var labels = JSON.parse(document.getElementById("chart-labels").textContent);
  var colours = { found: "#0b5cad", closed: "#1b7a3a", open_now: "#9a5b00", overdue_now: "#c62828" };
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var spec = JSON.parse(document.getElementById(element.dataset.chart).textContent);
    var chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: spec.labels, axisLabel: { hideOverlap: true } },
      yAxis: { type: "value", minInterval: 1 },
      series: spec.series.map(function (series) {
        return { name: labels[series.key] || series.key, type: spec.type || "bar",
                 data: series.data, itemStyle: { color: colours[series.key] } };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
}());
