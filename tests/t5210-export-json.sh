#!/bin/sh
# tend export --json: every entry, front matter and body, as valid JSON,
# whoever wrote it and whatever bytes it holds.
. "$(dirname "$0")/lib.sh"

# Debian's python3 (make deps), whose json module is strict, and its yaml.
PYTHON=/usr/bin/python3
private_dir=journal/.git/tend/private

test_expect_success 'setup: a journal with every kind of entry, private ones too' '
	make_journal &&
	tend -C journal checkin $all_pillars --date 2026-11-20 \
	    -a "the \"soup\" on Tuesday, 李明 and Zoë 😀" \
	    -m "a back\\slash, a	tab" >/dev/null &&
	tend -C journal reflect -m "Kept to myself." >/dev/null &&
	tend -C journal reflect --share -m "Said aloud." >/dev/null &&
	tend -C journal resent -k hurt --raise -m "The dishes." dishes >/dev/null &&
	tend -C journal resent -k need -m "Not yet said." weekend >/dev/null &&
	tend -C journal agree new phones -m "- No phones at dinner." >/dev/null
'

test_expect_success 'every new entry has a title and a date, as site generators want' '
	(cd journal && git ls-files "*.md" | grep -v "^README.md$") >files &&
	(cd $private_dir && find . -name "*.md") >>files &&
	test "$(wc -l <files)" = 6 &&
	$PYTHON -c "
import datetime, sys, yaml
for path in open(\"files\").read().split():
    base = \"journal/\" if not path.startswith(\"./\") else \"$private_dir/\"
    text = open(base + path, encoding=\"utf-8\").read()
    meta = yaml.safe_load(text.split(\"---\\n\")[1])
    assert isinstance(meta.get(\"title\"), str) and meta[\"title\"], (path, meta)
    assert isinstance(meta.get(\"date\"), (datetime.date, datetime.datetime)), (path, meta)
    if meta[\"kind\"] == \"checkin\":
        assert meta[\"title\"] == \"Check-in 2026-11-20 (alex)\", meta
    if meta[\"kind\"] == \"agree\":
        assert meta[\"date\"] == meta[\"created\"], meta
    if meta[\"kind\"] == \"reflect\":
        assert meta[\"title\"].endswith(\"?\"), meta
"
'

test_expect_success 'the document parses, and holds every shared entry once' '
	tend -C journal export --json >all.json &&
	$PYTHON -c "
import json
d = json.load(open(\"all.json\", encoding=\"utf-8\"))
assert d[\"version\"] == 1, d
kinds = sorted(e[\"kind\"] for e in d[\"entries\"])
assert kinds == [\"agree\", \"checkin\", \"reflect\", \"resent\"], kinds
assert not any(e[\"private\"] for e in d[\"entries\"])
"
'

test_expect_success 'front matter keeps its types: ratings are numbers, shared a boolean' '
	$PYTHON -c "
import json
d = json.load(open(\"all.json\", encoding=\"utf-8\"))
e = {x[\"kind\"]: x for x in d[\"entries\"]}
c = e[\"checkin\"]
assert c[\"front_matter\"][\"pillars\"] == {\"vulnerability\": 4, \"listening\": 3,
    \"empathy\": 5, \"affirmation\": 4, \"shared\": 2}, c
assert c[\"id\"] == \"2026-11-20-alex\" and c[\"author\"] == \"alex\"
assert c[\"date\"].startswith(\"2026-11-20T\"), c[\"date\"]
assert c[\"path\"] == \"checkin/2026/11/2026-11-20-alex.md\"
assert e[\"reflect\"][\"front_matter\"][\"shared\"] is True
assert e[\"resent\"][\"front_matter\"][\"raised\"] == e[\"resent\"][\"date\"][:10]
a = e[\"agree\"]
assert a[\"author\"] is None and a[\"date\"] == a[\"front_matter\"][\"created\"]
assert list(a[\"front_matter\"])[:2] == [\"kind\", \"title\"]
"
'

test_expect_success 'each body is the file after its front matter, byte for byte' '
	$PYTHON -c "
import json
d = json.load(open(\"all.json\", encoding=\"utf-8\"))
for e in d[\"entries\"]:
    text = open(\"journal/\" + e[\"path\"], encoding=\"utf-8\").read()
    assert text.endswith(\"---\n\n\" + e[\"body\"]), e[\"path\"]
c = [e for e in d[\"entries\"] if e[\"kind\"] == \"checkin\"][0]
assert \"the \\\"soup\\\" on Tuesday, 李明 and Zoë 😀\" in c[\"body\"], c[\"body\"]
assert \"a back\\\\slash, a\ttab\" in c[\"body\"], c[\"body\"]
"
'

test_expect_success '--include-private adds my private entries, marked, a shared one once' '
	tend -C journal export --json --include-private >mine.json &&
	$PYTHON -c "
import json
d = json.load(open(\"mine.json\", encoding=\"utf-8\"))
ids = [e[\"id\"] for e in d[\"entries\"]]
assert len(ids) == len(set(ids)), ids
private = sorted(e[\"kind\"] for e in d[\"entries\"] if e[\"private\"])
assert private == [\"reflect\", \"resent\"], private
assert len(ids) == 6, ids
"
'

test_expect_success '-o writes the same document whole, mode 0600, and says how many' '
	tend -C journal export --json -o out.json >said &&
	test_cmp all.json out.json &&
	test "$(file_mode out.json)" = 600 &&
	echo "4 entries in '\''out.json'\''" >expect &&
	test_cmp expect said &&
	tend -C journal export --json -o out.json --include-private >/dev/null &&
	test_cmp mine.json out.json
'

test_expect_success 'a file inside the journal is refused, and nothing is written' '
	test_expect_code 2 tend -C journal export --json -o journal/leak.json 2>err &&
	test_grep "inside the journal" err &&
	test ! -e journal/leak.json &&
	test -z "$(git -C journal status --porcelain)"
'

test_expect_success 'usage: -o needs --json, and --json goes alone' '
	test_expect_code 2 tend -C journal export --ics -o x.json 2>err &&
	test_expect_code 2 tend -C journal export --json --html site 2>err &&
	test_expect_code 2 tend -C journal export --json extra 2>err &&
	test ! -e x.json && test ! -e site
'

test_expect_success 'a partner'\''s entry with escape sequences and controls is escaped, never raw' '
	printf -- "---\nkind: checkin\nauthor: sam\ndate: 2026-11-21T21:00:00+01:00\ntitle: \"\\\\e[31mred\\\\x07\"\npillars:\n  empathy: 4\n---\n\nred \033[31malert\033]0;title\007 and \342\200\250 a line separator, \\\\ and \"\n" \
	    >journal/checkin/2026/11/2026-11-21-sam.md &&
	git -C journal add checkin &&
	git -C journal -c user.name=Sam -c user.email=sam@example.org \
	    commit -q -m "checkin: sam" &&
	tend -C journal export --json >esc.json &&
	! grep -q "$(printf "\033")" esc.json &&
	! grep -q "$(printf "\007")" esc.json &&
	test_grep "\\\\u001b\[31m" esc.json &&
	test_grep "\\\\u2028" esc.json &&
	$PYTHON -c "
import json
d = json.load(open(\"esc.json\", encoding=\"utf-8\"))
s = [e for e in d[\"entries\"] if e[\"author\"] == \"sam\"][0]
assert s[\"front_matter\"][\"title\"] == \"\x1b[31mred\x07\", s
assert s[\"body\"] == \"red \x1b[31malert\x1b]0;title\x07 and \u2028 a line separator, \\\\ and \\\"\n\", repr(s[\"body\"])
"
'

test_expect_success 'an entry without title or date, as older tend wrote them, still reads' '
	printf -- "---\nkind: agree\ntitle: Old one\ncreated: 2026-01-05\n---\n\n- Be kind.\n" >journal/agree/old-one.md &&
	printf -- "---\nkind: checkin\nauthor: sam\ndate: 2026-11-19T21:00:00+01:00\npillars:\n  empathy: 3\n---\n\nOlder words.\n" >journal/checkin/2026/11/2026-11-19-sam.md &&
	git -C journal add agree checkin &&
	git -C journal -c user.name=Sam -c user.email=sam@example.org \
	    commit -q -m "older entries" &&
	tend -C journal show old-one >/dev/null &&
	tend -C journal log >log &&
	test_grep "^2026-11-19  sam      checkin          2026-11-19-sam  Older words.$" log &&
	test_grep "old-one  Old one$" log &&
	tend -C journal export --json >old.json 2>err &&
	test ! -s err &&
	$PYTHON -c "
import json
d = json.load(open(\"old.json\", encoding=\"utf-8\"))
e = {x[\"id\"]: x for x in d[\"entries\"]}
assert e[\"old-one\"][\"date\"] == \"2026-01-05\", e[\"old-one\"]
assert \"title\" not in e[\"2026-11-19-sam\"][\"front_matter\"]
"
'

test_expect_success 'a file that is not UTF-8 is left out, named, and the rest stays valid' '
	printf -- "---\nkind: checkin\nauthor: sam\ndate: 2026-11-22T21:00:00+01:00\n---\n\nbad \377 byte\n" \
	    >journal/checkin/2026/11/2026-11-22-sam.md &&
	git -C journal add checkin &&
	git -C journal -c user.name=Sam -c user.email=sam@example.org \
	    commit -q -m "checkin: sam" &&
	tend -C journal export --json >bad.json 2>err &&
	test_grep "2026-11-22-sam.md" err &&
	$PYTHON -c "
import json
d = json.load(open(\"bad.json\", encoding=\"utf-8\"))
assert not any(e[\"id\"] == \"2026-11-22-sam\" for e in d[\"entries\"])
"
'

test_expect_success 'an empty journal is an empty list' '
	make_journal empty &&
	tend -C empty export --json >empty.json &&
	$PYTHON -c "
import json
d = json.load(open(\"empty.json\"))
assert d[\"entries\"] == [], d
"
'

test_done
