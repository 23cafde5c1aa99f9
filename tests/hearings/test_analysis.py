import sys
import unicodedata

from hearings.analysis import bigram_string, compact, compact_with_offsets


def test_compact_keeps_exactly_letters_and_digits_of_every_code_point():
    # The fast regex must agree with the rule the index was built on: Unicode categories L* and N*.
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        kept = unicodedata.category(ch)[0] in "LN"
        assert bool(compact_with_offsets(ch)[1]) == kept, hex(code)


def test_compact_offsets_point_at_the_printed_characters():
    text = "원천 무효, OK!"
    squeezed, offsets = compact_with_offsets(text)
    assert squeezed == "원천무효ok"
    assert [text[i] for i in offsets] == list("원천무효OK")


def test_spacing_and_punctuation_do_not_change_the_bigrams():
    assert bigram_string("원천 무효!") == bigram_string("원천무효") == "원천 천무 무효"
    assert compact("ᄒᆞᆫ") == compact(unicodedata.normalize("NFC", "ᄒᆞᆫ"))


def test_lemmas_ignore_particles_and_endings(analyzer):
    lemmas = [term.lemma for term in analyzer.terms("역학조사관을 충원했습니다")]
    assert "충원" in lemmas and "을" not in lemmas
    terms = {term.lemma: term.predicate for term in analyzer.terms("날씨가 더웠다")}
    assert terms == {"날씨": False, "덥다": True}
