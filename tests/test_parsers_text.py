"""Decoding, line cleaning, and the repair of abstracts damaged by PDF extraction."""

from __future__ import annotations

import pytest

from parsers.text import (
    DecodeError,
    clean_line,
    decode,
    extract_links,
    looks_complete,
    repair_abstract,
    split_lines,
)

# --- abstract repair ---------------------------------------------------------

REPAIRS = [
    # abbreviations split by extraction
    ("primitives, e. g. , bitwise shifts", "primitives, e.g., bitwise shifts"),
    ("the inputs, i. e. , the tokens", "the inputs, i.e., the tokens"),
    ("as in Zhang et al. , 2022", "as in Zhang et al., 2022"),
    ("tasks (e. g. segmentation)", "tasks (e.g. segmentation)"),
    ("costs, e. g. ; memory", "costs, e.g.; memory"),
    # decimals
    ("up to $\\textbf{5. 18$\\times$}$ latency", "up to $\\textbf{5.18$\\times$}$ latency"),
    ("and $\\textbf{42. 9}$% energy", "and $\\textbf{42.9}$% energy"),
    ("only 0. 5% of the weights", "only 0.5% of the weights"),
    ("reaching 76. 3 top-1", "reaching 76.3 top-1"),
    ("Section 3. 2 describes", "Section 3.2 describes"),
    ("a 2. 29 dB gain", "a 2.29 dB gain"),
    # URLs broken after ":" and "//", before ".com", inside the path
    ("Code: https: //github. com/G/ShiftAddViT.", "Code: https://github.com/G/ShiftAddViT."),
    (
        "at http: //www. cs. toronto. edu/~kriz/cifar. html",
        "at http://www.cs.toronto.edu/~kriz/cifar.html",
    ),
    (
        "page https: //noodle-lab. github. io/gaussianspa/",
        "page https://noodle-lab.github.io/gaussianspa/",
    ),
    ("see https: //huggingface. co/datasets/x", "see https://huggingface.co/datasets/x"),
    ("see https: //arxiv. org/abs/2303. 08774", "see https://arxiv.org/abs/2303.08774"),
    (
        "found on https: //www. youtube. com/watch? v=_WIRvK_2PZI",
        "found on https://www.youtube.com/watch?v=_WIRvK_2PZI",
    ),
    (
        "at https: //openreview. net/forum? id=Hk4_qw5xe",
        "at https://openreview.net/forum?id=Hk4_qw5xe",
    ),
    ("at HTTPS: //GitHub. com/a/b", "at https://GitHub.com/a/b"),
    ("at https : / / github. com/a/b", "at https://github.com/a/b"),
    ("at https://github.com/ ZLKong/Tri-Level-ViT", "at https://github.com/ZLKong/Tri-Level-ViT"),
    ("at https://github.com/ZLKong/ Tri-Level-ViT", "at https://github.com/ZLKong/Tri-Level-ViT"),
    ("\\url{https: //github. com/Skilteee/DiZO}.", "\\url{https://github.com/Skilteee/DiZO}."),
    ("at https: //lhy. xyz/stereovoxelnet", "at https://lhy.xyz/stereovoxelnet"),
    ("at www. example. org/paper. pdf", "at www.example.org/paper.pdf"),
]


@pytest.mark.parametrize(("damaged", "repaired"), REPAIRS)
def test_repair(damaged, repaired):
    assert repair_abstract(damaged) == repaired


UNCHANGED = [
    "We propose X. Our method is fast.",
    "As shown in Fig. 3. We then compare.",
    "The dataset was released in 2023. 5 models were trained on it.",
    "It was collected in 2019. 2020 brought a second version.",
    "Accuracy rose to 76. The cost fell.",
    "We use ViT-B/16 and ResNet-50, e.g., on ImageNet.",
    "Code: https://github.com/a/b. Our models are public.",
    "Project page: https://x.github.io/proj/ and the code are online.",
    "See Smith et al. (2020) for details.",
    "It is 3.5x faster than v1.2.3 and 41.6 PSNR.",
    "Results in Table 2. Models in Table 3.",
    "A new record. 12 teams took part.",
    "",
]


@pytest.mark.parametrize("text", UNCHANGED)
def test_correct_text_is_left_alone(text):
    assert repair_abstract(text) == text


def test_repair_is_idempotent():
    for damaged, _ in REPAIRS:
        once = repair_abstract(damaged)
        assert repair_abstract(once) == once


# --- links ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("Code is at https://github.com/a/b.", ["https://github.com/a/b"]),
        ("Code is at https://github.com/a/b", ["https://github.com/a/b"]),
        ("(code: https://github.com/a/b)", ["https://github.com/a/b"]),
        (
            "See https://en.wikipedia.org/wiki/Foo_(bar).",
            ["https://en.wikipedia.org/wiki/Foo_(bar)"],
        ),
        (
            "Models at https://github.com/huawei-noah/VanillaNet and https://gitee.com/mindspore/"
            "models/tree/master/research/cv/vanillanet.",
            [
                "https://github.com/huawei-noah/VanillaNet",
                "https://gitee.com/mindspore/models/tree/master/research/cv/vanillanet",
            ],
        ),
        ("Twice: https://x.org/a, and again https://x.org/a.", ["https://x.org/a"]),
        ("\\url{https://github.com/Skilteee/DiZO}.", ["https://github.com/Skilteee/DiZO"]),
        ('A quote "https://x.io/q" here.', ["https://x.io/q"]),
        (
            "Demo: https://www.youtube.com/watch?v=_WIRvK_2PZI!",
            ["https://www.youtube.com/watch?v=_WIRvK_2PZI"],
        ),
        ("No link here, e.g., a plain www mention.", []),
        ("Broken scheme https:// only.", []),
    ],
)
def test_links(text, links):
    assert extract_links(text) == links


def test_links_after_repair():
    text = repair_abstract(
        "Code: https: //github. com/RICE-EIC/MIA-Former. Copyright c 2022, Association. "
        "Demo at https: //mit-han-lab. github. io/proj/index. html; paper at https: //arxiv. "
        "org/abs/2106. 09685."
    )
    assert extract_links(text) == [
        "https://github.com/RICE-EIC/MIA-Former",
        "https://mit-han-lab.github.io/proj/index.html",
        "https://arxiv.org/abs/2106.09685",
    ]


@pytest.mark.parametrize(
    ("text", "complete"),
    [
        ("It works.", True),
        ("Does it work?", True),
        ("See (Smith, 2020).", True),
        ('He said "it works."', True),
        ("(It works.)", True),
        ("Linear Units (ELUs)", False),
        ("See (Smith, 2020)", False),
        ("Code at https://github.com/a/b", True),
        ("It works and then the", False),
        ("the models achieve 4", False),
        ("", False),
    ],
)
def test_looks_complete(text, complete):
    assert looks_complete(text) is complete


# --- decoding ---------------------------------------------------------------


def test_utf8_bom_is_dropped():
    text, warnings = decode("\ufeffh-index31\n".encode())
    assert text == "h-index31\n" and warnings == []


def test_utf16_with_and_without_bom():
    page = "Zhenglun Kong, Jürgen Schmidhuber\n"
    assert decode(page.encode("utf-16"))[0] == page
    for codec in ("utf-16-le", "utf-16-be"):
        text, warnings = decode(page.encode(codec))
        assert text == page and "UTF-16" in warnings[0]


@pytest.mark.parametrize(
    "text",
    [
        "Hervé Jégou, Léon Bottou, Jürgen Schmidhuber, Gaël Varoquaux",
        "Çağlar Gülçehre".replace("ğ", "g"),  # Latin-1 cannot hold "ğ"
        "“Curly quotes” – an en dash… and €5 · naïve façade",
    ],
)
def test_windows_1252_bytes_decode_without_replacement_characters(text):
    decoded, warnings = decode(text.encode("cp1252"))
    assert decoded == text
    assert "\ufffd" not in decoded
    assert warnings and "Windows-1252" in warnings[0]


def test_a_few_latin1_bytes_inside_utf8_keep_the_utf8_intact():
    data = "Aäron van den Oord — ".encode() + "Hervé Jégou".encode("latin-1")
    decoded, _ = decode(data)
    assert decoded == "Aäron van den Oord — Hervé Jégou"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b" \r\n\t \n", "blank"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<\x00>>", "binary"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "binary"),
        (bytes(range(1, 256)) * 4, "binary"),
        (b"\x1b[31m\x07\x08\x01\x02" * 50, "binary"),
        (b"\xff\xfe\x00", "UTF-16"),
    ],
)
def test_undecodable_input_is_refused(data, reason):
    with pytest.raises(DecodeError, match=reason):
        decode(data)


# --- lines ------------------------------------------------------------------


def test_lines_split_on_crlf_cr_and_lf():
    assert split_lines("a\r\nb\rc\nd") == ["a", "b", "c", "d"]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Geng Yuan   \t ", "Geng Yuan"),
        ("Geng\u00a0Yuan", "Geng Yuan"),
        ("Ge\u200bng Yu\u00adan", "Geng Yuan"),
        ("\u202eevil\u202c text", "evil text"),
        ("bell\x07 and \x1b[31mred", "bell and [31mred"),
        ("Aa\u0308ron", "Aäron"),  # NFC
        ("tab\tseparated", "tab separated"),
    ],
)
def test_clean_line(raw, clean):
    assert clean_line(raw) == clean
