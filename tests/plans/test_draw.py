"""双随机一公开: a draw is reproducible from its seed and pools, never assigns a declared
conflict of interest, and picks enterprises uniformly."""
import pytest

from plans.draw import PoolTooSmall, canonical_snapshot, draw, new_seed, snapshot_digest


def snapshot(enterprises=20, inspectors=10, conflicts=()):
    return canonical_snapshot(enterprises=range(1, enterprises + 1),
                              inspectors=range(101, 101 + inspectors), conflicts=conflicts,
                              criteria={"sectors": ["hazardous_chemicals"]})


def test_draw_same_seed_and_pools_gives_same_enterprises_and_teams():
    seed = new_seed()
    pools = snapshot()

    first = draw(seed=seed, snapshot=pools, enterprise_count=5, team_count=3)
    again = draw(seed=seed, snapshot=canonical_snapshot(
        enterprises=reversed(range(1, 21)), inspectors=reversed(range(101, 111)), conflicts=[],
        criteria={"sectors": ["hazardous_chemicals"]}), enterprise_count=5, team_count=3)

    assert again == first
    assert len(set(first.enterprises)) == 5
    assert all(len(team) == 2 for team in first.teams)
    assert len({member for team in first.teams for member in team}) == 6


def test_draw_different_seeds_give_different_draws():
    pools = snapshot()
    draws = {tuple(draw(seed=new_seed(), snapshot=pools, enterprise_count=5,
                        team_count=2).enterprises) for _ in range(20)}

    assert len(draws) > 15


def test_draw_seed_is_64_hex_characters_from_secrets():
    seed = new_seed()

    assert len(seed) == 64 and int(seed, 16) >= 0


def test_snapshot_digest_is_canonical():
    assert snapshot_digest(snapshot(conflicts=[(101, 2), (102, 3)])) == snapshot_digest(
        snapshot(conflicts=[(102, 3), (101, 2)]))


def test_draw_never_assigns_a_declared_conflict_of_interest():
    # every inspector but 101 and 102 conflicts with enterprises 1..10: those can only go to
    # the team (101, 102) if it is drawn, and never to any other team
    conflicts = [(inspector, enterprise) for inspector in range(103, 111)
                 for enterprise in range(1, 11)]
    pools = snapshot(conflicts=conflicts)

    for index in range(500):
        result = draw(seed=f"{index:064x}", snapshot=pools, enterprise_count=6, team_count=3)
        for enterprise, team_index in result.assignments:
            for member in result.teams[team_index]:
                assert (member, enterprise) not in set(map(tuple, conflicts))


def test_draw_with_too_few_inspectors_is_refused():
    with pytest.raises(PoolTooSmall):
        draw(seed=new_seed(), snapshot=snapshot(inspectors=3), enterprise_count=2, team_count=2)


def test_draw_skips_enterprises_every_team_conflicts_with_and_fails_when_none_remain():
    conflicts = [(inspector, 1) for inspector in range(101, 111)]
    pools = snapshot(enterprises=3, conflicts=conflicts)

    result = draw(seed=new_seed(), snapshot=pools, enterprise_count=2, team_count=2)
    assert sorted(result.enterprises) == [2, 3]
    with pytest.raises(PoolTooSmall):
        draw(seed=new_seed(), snapshot=pools, enterprise_count=3, team_count=2)


# chi-square critical value for 19 degrees of freedom at p = 0.001 (tables: 43.820)
CHI2_CRITICAL_DF19_P001 = 43.820


def test_draw_enterprise_selection_is_uniform_over_10000_seeded_runs():
    pools = snapshot(enterprises=20, inspectors=6)
    counts = dict.fromkeys(range(1, 21), 0)
    runs, k = 10_000, 5

    for index in range(runs):
        for enterprise in draw(seed=f"{index:064x}", snapshot=pools, enterprise_count=k,
                               team_count=3).enterprises:
            counts[enterprise] += 1

    expected = runs * k / 20
    chi2 = sum((observed - expected) ** 2 / expected for observed in counts.values())
    assert sum(counts.values()) == runs * k
    assert chi2 < CHI2_CRITICAL_DF19_P001, (chi2, counts)


def test_draw_inspector_selection_is_uniform_over_10000_seeded_runs():
    pools = snapshot(enterprises=5, inspectors=10)
    counts = dict.fromkeys(range(101, 111), 0)

    for index in range(10_000):
        for team in draw(seed=f"{index + 10**6:064x}", snapshot=pools, enterprise_count=1,
                         team_count=2).teams:
            for member in team:
                counts[member] += 1

    expected = 10_000 * 4 / 10
    chi2 = sum((observed - expected) ** 2 / expected for observed in counts.values())
    assert chi2 < 27.877  # df 9, p = 0.001
