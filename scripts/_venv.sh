# Shared by scripts/run and scripts/test: create .venv and install the project into it, again
# only when pyproject.toml changed since the last install.
install_project() {
  local extras="$1"
  local python="${PYTHON:-python3}"
  if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
    .venv/bin/python -m pip install --quiet --upgrade pip
  fi
  local stamp=".venv/.installed${extras}"
  local digest
  digest=$(.venv/bin/python -c 'import hashlib,sys;print(hashlib.sha256(open("pyproject.toml","rb").read()).hexdigest())')
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
    echo "Installing dependencies into .venv (log: .venv/install.log) ..."
    if ! .venv/bin/python -m pip install -e ".${extras}" > .venv/install.log 2>&1; then
      tail -n 30 .venv/install.log
      return 1
    fi
    echo "$digest" > "$stamp"
  fi
}
