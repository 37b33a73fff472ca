"""Venue and arXiv knowledge: full proceedings names, arXiv category ids, arXiv ids."""

from __future__ import annotations

import re
from functools import lru_cache

from ..records import LibraryPaper

# Abbreviation as pages print it -> full name; the export keeps the abbreviation after it.
VENUES = {
    "NeurIPS": "Advances in Neural Information Processing Systems",
    "NIPS": "Advances in Neural Information Processing Systems",
    "ICML": "Proceedings of the International Conference on Machine Learning",
    "ICLR": "International Conference on Learning Representations",
    "AAAI": "Proceedings of the AAAI Conference on Artificial Intelligence",
    "IJCAI": "Proceedings of the International Joint Conference on Artificial Intelligence",
    "CVPR": "Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition",
    "ICCV": "Proceedings of the IEEE/CVF International Conference on Computer Vision",
    "ECCV": "Proceedings of the European Conference on Computer Vision",
    "WACV": "Proceedings of the IEEE/CVF Winter Conference on Applications of Computer Vision",
    "ACL": "Proceedings of the Annual Meeting of the Association for Computational Linguistics",
    "EMNLP": "Proceedings of the Conference on Empirical Methods in Natural Language Processing",
    "NAACL": "Proceedings of the Conference of the North American Chapter of the Association "
    "for Computational Linguistics",
    "COLING": "Proceedings of the International Conference on Computational Linguistics",
    "KDD": "Proceedings of the ACM SIGKDD Conference on Knowledge Discovery and Data Mining",
    "WWW": "Proceedings of the ACM Web Conference",
    "SIGIR": "Proceedings of the International ACM SIGIR Conference on Research and "
    "Development in Information Retrieval",
    "CIKM": "Proceedings of the ACM International Conference on Information and Knowledge "
    "Management",
    "WSDM": "Proceedings of the ACM International Conference on Web Search and Data Mining",
    "AISTATS": "Proceedings of the International Conference on Artificial Intelligence and "
    "Statistics",
    "UAI": "Proceedings of the Conference on Uncertainty in Artificial Intelligence",
    "COLT": "Proceedings of the Conference on Learning Theory",
    "MLSys": "Proceedings of Machine Learning and Systems",
    "DAC": "Proceedings of the ACM/IEEE Design Automation Conference",
    "ICCAD": "Proceedings of the IEEE/ACM International Conference on Computer-Aided Design",
    "DATE": "Design, Automation and Test in Europe Conference",
    "ISCA": "Proceedings of the ACM/IEEE International Symposium on Computer Architecture",
    "MICRO": "Proceedings of the IEEE/ACM International Symposium on Microarchitecture",
    "HPCA": "Proceedings of the IEEE International Symposium on High-Performance Computer "
    "Architecture",
    "ASPLOS": "Proceedings of the ACM International Conference on Architectural Support for "
    "Programming Languages and Operating Systems",
    "PLDI": "Proceedings of the ACM SIGPLAN Conference on Programming Language Design and "
    "Implementation",
    "PPoPP": "Proceedings of the ACM SIGPLAN Symposium on Principles and Practice of Parallel "
    "Programming",
    "SC": "Proceedings of the International Conference for High Performance Computing, "
    "Networking, Storage and Analysis",
    "FPGA": "Proceedings of the ACM/SIGDA International Symposium on Field-Programmable Gate "
    "Arrays",
    "MobiCom": "Proceedings of the Annual International Conference on Mobile Computing and "
    "Networking",
    "MobiSys": "Proceedings of the Annual International Conference on Mobile Systems, "
    "Applications, and Services",
    "SenSys": "Proceedings of the ACM Conference on Embedded Networked Sensor Systems",
    "OSDI": "USENIX Symposium on Operating Systems Design and Implementation",
    "NSDI": "USENIX Symposium on Networked Systems Design and Implementation",
    "ICRA": "IEEE International Conference on Robotics and Automation",
    "IROS": "IEEE/RSJ International Conference on Intelligent Robots and Systems",
    "CoRL": "Proceedings of the Conference on Robot Learning",
    "ICASSP": "IEEE International Conference on Acoustics, Speech and Signal Processing",
    "INTERSPEECH": "Proceedings of Interspeech",
    "ACM MM": "Proceedings of the ACM International Conference on Multimedia",
    "BMVC": "Proceedings of the British Machine Vision Conference",
    "ICDM": "Proceedings of the IEEE International Conference on Data Mining",
    "ICDE": "Proceedings of the IEEE International Conference on Data Engineering",
    "SIGMOD": "Proceedings of the ACM SIGMOD International Conference on Management of Data",
    "VLDB": "Proceedings of the VLDB Endowment",
    "AAMAS": "Proceedings of the International Conference on Autonomous Agents and Multiagent "
    "Systems",
    "ECAI": "Proceedings of the European Conference on Artificial Intelligence",
    # journals
    "TMLR": "Transactions on Machine Learning Research",
    "JMLR": "Journal of Machine Learning Research",
    "JBHI": "IEEE Journal of Biomedical and Health Informatics",
    "TPAMI": "IEEE Transactions on Pattern Analysis and Machine Intelligence",
    "IJCV": "International Journal of Computer Vision",
    "TIP": "IEEE Transactions on Image Processing",
    "TNNLS": "IEEE Transactions on Neural Networks and Learning Systems",
    "TKDE": "IEEE Transactions on Knowledge and Data Engineering",
    "TCAD": "IEEE Transactions on Computer-Aided Design of Integrated Circuits and Systems",
    "TPDS": "IEEE Transactions on Parallel and Distributed Systems",
    "TC": "IEEE Transactions on Computers",
    "TMC": "IEEE Transactions on Mobile Computing",
    "TACL": "Transactions of the Association for Computational Linguistics",
    "PVLDB": "Proceedings of the VLDB Endowment",
}
_BY_FOLD = {k.casefold(): (k, v) for k, v in VENUES.items()}


# Earlier names of venues, for search (venue:nips finds NeurIPS).
FORMER_NAMES = {"NeurIPS": ("NIPS",)}


@lru_cache(maxsize=4096)
def venue_names(venue: str) -> tuple[str, ...]:
    """Every name a reader may look for a venue under: full and former names."""
    known = _BY_FOLD.get(venue.strip().casefold())
    if known is None:
        return ()
    return (known[1], *FORMER_NAMES.get(known[0], ()))


@lru_cache(maxsize=4096)  # a library has few venues, each on many papers
def venue_name(venue: str) -> str:
    """``Advances in Neural Information Processing Systems (NeurIPS)``; unknown ones as printed."""
    known = _BY_FOLD.get(venue.strip().casefold())
    if known is None:
        return venue.strip()
    abbr, full = known
    return f"{full} ({abbr})"


# arXiv archives whose subject classes pages print as bare letters ("CV", "SP").
_CS = set(
    "AI AR CC CE CG CL CR CV CY DB DC DL DM DS ET FL GL GR GT HC IR LG LO MA MM MS NE NI OH "
    "OS PF PL RO SC SD SE SI".split()
)
_OTHER = dict(
    pair.split("=")
    for pair in "SP=eess.SP IV=eess.IV AS=eess.AS SY=eess.SY ML=stat.ML ME=stat.ME TH=stat.TH "
    "AP=stat.AP CO=stat.CO OC=math.OC NA=math.NA IT=math.IT ST=math.ST PR=math.PR "
    "QM=q-bio.QM NC=q-bio.NC".split()
)
_ARCHIVES = set(
    "quant-ph hep-th hep-ph hep-ex hep-lat gr-qc nucl-th nucl-ex math-ph astro-ph cond-mat "
    "physics nlin q-bio q-fin econ".split()
)
_DOTTED = {"cs", "eess", "stat", "math", "econ"}


@lru_cache(maxsize=4096)
def arxiv_class(category: str | None) -> str | None:
    """Printed category -> arXiv id (``CV`` -> ``cs.CV``, ``QUANT-PH`` -> ``quant-ph``)."""
    if not category:
        return None
    cat = category.strip()
    up = cat.upper()
    if up in _OTHER:
        return _OTHER[up]
    if up in _CS:
        return f"cs.{up}"
    if cat.lower() in _ARCHIVES:
        return cat.lower()
    archive, dot, sub = cat.partition(".")
    if dot and sub and archive.lower() in _ARCHIVES | _DOTTED:
        return f"{archive.lower()}.{sub.upper() if len(sub) == 2 else sub.lower()}"
    return None


_ARXIV_ID_RE = re.compile(
    r"(?:arxiv\.org/(?:abs|pdf)/|\barxiv:\s?)"
    r"(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?",
    re.IGNORECASE,
)


def arxiv_id(paper: LibraryPaper) -> str | None:
    """The arXiv identifier the links or the abstract give, if any."""
    for text in (*paper.links, paper.abstract or ""):
        # A substring test first: the case-insensitive search over every abstract was a
        # fifth of a 10,000-paper export. For ASCII text casefold() is lower(), faster.
        folded = text.lower() if text.isascii() else text.casefold()
        if "arxiv" in folded and (m := _ARXIV_ID_RE.search(text)):
            return m[1]
    return None


_CODE_HOSTS = ("github.com/", "gitlab.com/", "gitee.com/", "bitbucket.org/", "codeberg.org/")


def code_link(links: list[str]) -> str | None:
    """The first link to a source-code host."""
    for link in links:
        host = link.split("://", 1)[-1].removeprefix("www.")
        if host.startswith(_CODE_HOSTS):
            return link
    return None
