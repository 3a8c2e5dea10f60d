import pytest

from samtale.lib.paths import CycleError, child_path, compute_paths, find_cycle, ids_in_path


def test_child_path_and_ids():
    assert child_path(None, 4) == "/4/"
    assert child_path("/4/", 17) == "/4/17/"
    assert ids_in_path("/4/17/230/") == [4, 17, 230]


def test_prefix_of_one_id_does_not_match_a_longer_id():
    # "/1/" must not be a prefix of "/12/": the trailing separator sees to that.
    assert not child_path(None, 12).startswith(child_path(None, 1))


def test_compute_paths_in_any_order():
    parents = {3: 2, 2: 1, 1: None, 4: 1}
    assert compute_paths(parents) == {1: "/1/", 2: "/1/2/", 3: "/1/2/3/", 4: "/1/4/"}


def test_parent_outside_the_mapping_counts_as_root():
    assert compute_paths({5: 99})[5] == "/99/5/"


@pytest.mark.parametrize(
    ("parents", "members"),
    [({1: 1}, {1}), ({1: 2, 2: 1}, {1, 2}), ({1: None, 2: 3, 3: 4, 4: 2}, {2, 3, 4})],
)
def test_cycles_are_found(parents, members):
    cycle = find_cycle(parents)
    assert cycle is not None and set(cycle) == members
    with pytest.raises(CycleError):
        compute_paths(parents)


def test_no_cycle_in_a_long_chain():
    parents = {i: i - 1 if i else None for i in range(5000)}
    assert find_cycle(parents) is None
    assert compute_paths(parents)[4999].count("/") == 5001
