from kgraphlint.rules.noqa import Suppressions

SOURCE = '''x = 1  # noqa: KG201
y = foo(  # noqa
    1,
)
z = bar(
    2,
)  # noqa: KG202, KG203
w = 3  # NOQA:KG104
'''


def test_codes_and_bare():
    s = Suppressions(SOURCE)
    assert s.suppresses("KG201", 1)
    assert not s.suppresses("KG202", 1)
    assert s.suppresses("KG999", 2)
    assert s.suppresses("KG104", 8)


def test_multiline_statement_last_line_covers_its_lines():
    s = Suppressions(SOURCE)
    assert s.suppresses("KG202", 5) and s.suppresses("KG203", 6)
    assert not s.suppresses("KG201", 5)
    assert not s.suppresses("KG201", 3)  # bare noqa on the first line covers only that line


def test_file_level():
    assert Suppressions("# kgraphlint: noqa\nx = 1\n").suppresses("KG201", 2)
    s = Suppressions("# kgraphlint: noqa: KG105\nx = 1\n")
    assert s.suppresses("KG105", 2) and not s.suppresses("KG201", 2)


def test_noqa_inside_a_string_is_not_a_comment():
    assert not Suppressions('x = "# noqa"\n').suppresses("KG201", 1)
