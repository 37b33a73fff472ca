"""Deterministic synthetic listing pages in all four formats, at any size.

Paper ``uid`` is the same for a given seed whatever the size asked for (the
corpus is generated in order and is prefix-stable), so the 10k library holds
the 1k one's papers and the 5,000-paper page adds uids after the library's.

Papers look like the real ones: titles of 25-190 characters made of real
vocabulary, with acronyms, camelCase method names, digits, ``?`` and ``)`` at
the end (the hard cases of the feed format's title/author split); 3-12
authors drawn from a skewed pool of people (a few prolific ones make author
clusters), with accented, hyphenated, particle and apostrophe names and DBLP
numbers; 0.7-2 KB abstracts, on author-cluster pages often with the usual
PDF-extraction damage (``e. g. ,``, ``5. 18``, ``https: //github. com/…``).

About a quarter of the papers appear on two or three pages, each time with
small differences (title case, punctuation, ``Towards``/``Toward``, a
shortened abstract, 8 vs 3 listed authors, venue vs arXiv metadata), so the
store's exact and fuzzy merges are exercised. :func:`verify_pages` checks that
the parsers read back exactly what was generated, and :func:`verify_library`
that every overlap merged into one record and nothing else did.

Command line: ``python -m bench.generate OUT_DIR --papers 1000 [--seed 7]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import sys
from collections import Counter, defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

GEN_VERSION = 3
DEFAULT_SEED = 7
FORMATS = ("author-cluster", "feed", "profile", "trending")

# ---------------------------------------------------------------------------
# Vocabulary

ACRONYMS = (
    "ViT ViTs LLM LLMs GNN GNNs CNN CNNs DNN DNNs RL MoE NeRF SAM CLIP LoRA GAN GANs VAE "
    "RNN LSTM BERT GPT SLAM IoT FPGA GPU GPUs OFDM MRI CT NAS SSL QA NLP ASR TTS MLP MLPs "
    "SGD ADMM PDE PDEs SNN SNNs MARL VQA OCR RAG KV LiDAR UAV UAVs EEG ECG HPC TPU"
).split()
STEMS = (
    "Shift Add Heat Spar Dual Snap Efficient Fast Deep Meta Neuro Hyper Flash Sparse Token "
    "Graph Vision Lang Quant Prune Mobile Edge Omni Uni Poly Diff Mamba Mix Align Bench Lite "
    "Tiny Swift Auto Dyna Retro Proto Sym Bi Tri Multi Cross Self Co Info Latent Point Mesh "
    "Voxel Scene Motion Pose Audio Speech Text Code Math Chem Bio Med Geo Agent Tool Plan "
    "Reason Chain Tree Flow Wave Pulse Spike Orbit Prism Lens Echo Nova Astra Zen Fold"
).split()
TAILS = (
    "ViT Former Net Fusion CL GPT BERT NeRF GAN Diff SR Seg Det LM Mixer Bench Stack Pilot "
    "Guard Scope Search Prompt Tune Quant Edit Gen Match Track Map Nav Sim Verse Hub Kit "
    "Bot Coder Mind Eye Ear Loop Lab Zoo"
).split()
ADJ = (
    "Efficient Scalable Robust Sparse Adaptive Hierarchical Lightweight Unified Generalizable "
    "Interpretable Federated Contrastive Self-Supervised Semi-Supervised Multi-Modal "
    "Data-Efficient Hardware-Aware Memory-Efficient Real-Time Probabilistic Differentiable "
    "Continual Zero-Shot Few-Shot Long-Context Privacy-Preserving Energy-Efficient Causal "
    "Equivariant Compositional Structured Dynamic Latent Spectral Geometric Bayesian "
    "Distributed Decentralized Fair Certified Verifiable Fine-Grained Open-Vocabulary"
).split()
NOUNS = (
    "Representation Learning|Token Pruning|Knowledge Distillation|Neural Architecture Search|"
    "Quantization|Attention|Diffusion Models|Language Models|Vision Transformers|Graph Neural "
    "Networks|Reinforcement Learning|Optimization|Inference|Training|Compression|Retrieval|"
    "Reasoning|Planning|Segmentation|Object Detection|Pose Estimation|Image Restoration|"
    "Super-Resolution|Speech Recognition|Machine Translation|Question Answering|Recommendation|"
    "Anomaly Detection|Time-Series Forecasting|Point Cloud Understanding|Scene Reconstruction|"
    "Code Generation|Theorem Proving|Program Synthesis|Instruction Tuning|Preference "
    "Optimization|Continual Learning|Domain Adaptation|Federated Learning|Causal Discovery|"
    "Uncertainty Estimation|Model Merging|Mixture of Experts|State Space Models|Sparse Training|"
    "Data Pruning|Watermarking|Adversarial Robustness|Membership Inference|Protein Design|"
    "Molecule Generation|Weather Prediction|Trajectory Prediction|Motion Planning|Visual "
    "Navigation|Video Understanding|Text-to-Image Generation|3D Generation|Depth Estimation|"
    "Optical Flow|Medical Image Analysis|Drug Discovery|Spiking Neural Networks|Hyperparameter "
    "Search|Dataset Distillation|Tokenization|Speculative Decoding|KV Cache Compression"
).split("|")
DOMAINS = (
    "Edge Devices|Mobile Phones|Autonomous Driving|Healthcare|Robotics|Remote Sensing|"
    "Scientific Computing|Low-Resource Languages|Large-Scale Graphs|Microcontrollers|"
    "Wireless Networks|Satellite Imagery|Electronic Health Records|Legal Documents|"
    "Financial Markets|Power Grids|Recommender Systems|Embodied Agents|Smart Cities|"
    "Wearable Sensors|Quantum Hardware|Compilers|Data Centers|Video Streaming"
).split("|")
TECHNIQUES = (
    "Bi-level Optimization|Channel Pruning|Low-Rank Adaptation|Masked Autoencoders|Contrastive "
    "Pretraining|Gradient Matching|Optimal Transport|Score Matching|Neural ODEs|Graph "
    "Rewiring|Prompt Tuning|Curriculum Learning|Meta-Learning|Active Learning|Random "
    "Features|Kernel Methods|Mixed-Precision Arithmetic|Structured Sparsity|Weight "
    "Sharing|Early Exiting|Layer Freezing|Token Merging|Implicit Neural Representations|"
    "Energy-Based Models|Normalizing Flows|Evolutionary Search|Monte Carlo Tree Search|"
    "Chain-of-Thought Prompting|Retrieval Augmentation|Self-Distillation|Label Smoothing"
).split("|")
CONNECT = ("for", "via", "with", "in", "on", "under", "beyond", "through")

TEMPLATES = (
    "{M}: {A} {N} for {D}",
    "{M}: Towards {A} {N} via {T}",
    "Towards {A} and {A2} {N} with {T}",
    "Is {T} All You Need for {N}?",
    "{A} {N} for {D}",
    "Rethinking {N} for {D} in the Era of {R}",
    "{T} Meets {N}: {A} Learning on {D}",
    "When Does {T} Help {N}?",
    "{A} {N} with {M}",
    "{M}: {A} {N} in 3D",
    "{A} {N} for 5G and Beyond {D}",
    "{N} ({R}) at Scale",
    "{M}: {A} {N} Using {R}",
    "Learning to {V} {N} from {A} {D} Data",
    "On the {Q} of {A} {N}",
    "{M}-{k}: {A} {N} Revisited",
    "A Survey on {A} {N} for {D}",
    "{M}: {N} Meets {T} for {R}",
    "Scaling {N} to {k}B Parameters with {M}",
    "Can {R} Do {N}? An Empirical Study",
    "{A} {N} via {T} and {T2}",
    "{M}: Fast and {A} {N} on {D} (Part {k})",
    "How {A} Is {N}? Evidence from {D}",
    "{A} {T} for {N}: Theory and Practice",
)
VERBS = "Compress Accelerate Prune Align Distill Ground Route Plan Verify Edit Retrieve".split()
QUALITIES = "Robustness Limits Geometry Convergence Generalization Calibration Scaling".split()

# People. Given names and surnames mix scripts' romanisations, accents, hyphens,
# particles and apostrophes -- every shape the feed split has to handle.
GIVEN = (
    "Zhenglun Haoyu Geng Xuan Yifan Pu Minghai Zifeng Yanyu Jou-An Peiyan Mengshu Sheng "
    "Yanzhi Xue Wei Jing Hao Tianlong Shiwei Huan Qing Zheng Yang Ming Lei Jie Hui Yu "
    "Laurens José Zoë Aäron François Jürgen Søren Łukasz Björn Renée Ana María Andrés "
    "Céline Noémie Dvořák Mikołaj Ömer Çağlar İlker Sebastián Joëlle Thibaut Hélène "
    "Parikshit Anu Jithin Ravi Priya Aditya Sanjeev Nandini Kavya Ji-Hoon Min-Jun Seo-Yeon "
    "Takeshi Yuki Haruto Ahmed Fatima Omar Layla Yosef Noa Elena Marco Giulia Lorenzo "
    "Sophie Lukas Hannah Maximilian Emma Oliver Grace Daniel Sarah Michael Emily David "
    "Olga Dmitri Ivan Anastasia Kwame Amara Chidi Nkechi Mateus Beatriz João Inês "
    "Hong-yu Jun-Yan Chia-Wen Yi-Ting Marc-André Jean-Luc Anne-Marie"
).split()
SURNAMES = (
    "Wang Li Zhang Chen Liu Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Luo Gao "
    "Kong Yuan Shen Qin Dong Gong Zhan Niu Ren Tang Jian Ding Fang Xie Han Peng Cao "
    "Müller Schölkopf Gómez Nuñez Ørsted Kovačević Dvořák Wójcik Łopuszański Sánchez "
    "García Fernández Pérez Rossi Bianchi Ricci Dubois Lefèvre Moreau Bernard Schmidt "
    "Schneider Fischer Weber Becker Jagannath Soltani Belgiovine Ram Gupta Sharma Iyer "
    "Reddy Nair Kim Park Choi Jeong Kang Tanaka Suzuki Watanabe Sato Nakamura Haddad "
    "Nasser Cohen Levi Petrov Ivanova Smirnov Okafor Mensah Silva Santos Oliveira Costa "
    "O'Brien D'Angelo McDonald MacKay LeCun DiCarlo Smith Johnson Brown Taylor Wilson"
).split() + ["van der Maaten", "van den Oord", "de Freitas", "von Luxburg", "Da Silva"]
# Surnames common enough that DBLP numbers the people who share them.
COMMON = frozenset("Wang Li Zhang Chen Liu Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu".split())
AFFILIATIONS = (
    "harvard mit stanford cmu berkeley meta-ai google-research deepmind microsoft nvidia "
    "tsinghua pku sjtu zju ustc kaist snu utokyo eth epfl mpi oxford cambridge ucl inria "
    "mila vector-institute northeastern uiuc umich gatech"
).split()
VENUES = (
    ("NeurIPS", "Conference", "Conference Paper"),
    ("ICML", "Conference", "Conference Paper"),
    ("ICLR", "Conference", "Conference Paper"),
    ("AAAI", "Conference", "Conference Paper"),
    ("AAAI", "Conference", "System Paper"),
    ("IJCAI", "Conference", "Conference Paper"),
    ("CVPR", "Conference", "Conference Paper"),
    ("ICCV", "Conference", "Conference Paper"),
    ("ECCV", "Conference", "Conference Paper"),
    ("ACL", "Conference", "Conference Paper"),
    ("EMNLP", "Conference", "Conference Paper"),
    ("KDD", "Conference", "Conference Paper"),
    ("DAC", "Conference", "Conference Paper"),
    ("TMLR", "Journal", "Journal Article"),
    ("JMLR", "Journal", "Journal Article"),
    ("TPAMI", "Journal", "Journal Article"),
    ("JBHI", "Journal", "Journal Article"),
    ("NeurIPS Workshop", "Workshop", "Workshop Paper"),
)
CATEGORIES = (
    "CV",
    "LG",
    "CL",
    "AI",
    "RO",
    "AR",
    "SP",
    "IV",
    "ET",
    "NE",
    "IR",
    "CR",
    "DC",
    "QUANT-PH",
    "STAT.ML",
    "MA",
    "SY",
    "HC",
)
USERS = "zlkong xy-boy coulsonlee mit-han-lab facebookresearch google-research openai".split()
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()

SENTENCES = (
    "{N} is a fundamental problem in {D}, yet existing methods scale poorly with the amount "
    "of data and compute available.",
    "In this paper, we propose {M}, a {a} framework that {v}s {n} through {t}.",
    "Specifically, we {v} the {n} with {t} and introduce a {a} objective ({R}) that is "
    "easy to optimize.",
    "Unlike prior work that relies on {t}, our approach requires neither labels nor "
    "task-specific tuning, e.g., for {d}.",
    "We provide a theoretical analysis showing that {M} converges at a rate of O(1/T) under "
    "mild assumptions on the {n}.",
    "Extensive experiments on {k} benchmarks show that {M} improves accuracy by {x}.{y}% "
    "while reducing latency by {z}{times}.",
    "On {d}, {M} achieves a {x}.{y}{times} speedup over the strongest baseline with negligible "
    "loss in quality.",
    "Moreover, the learned {n} transfer to unseen domains, i.e., {d}, without retraining.",
    "We further study the role of {t} and find that it is the key ingredient behind the "
    "gains of {a} {n}.",
    "Our results suggest that {a} {n} is a promising direction for {d} with limited resources.",
    "Ablation studies confirm that each component contributes to the final performance, "
    "and that the method is robust to the choice of hyperparameters.",
    "Compared with the state of the art, our method reduces memory usage by {k}0% and "
    "energy consumption by {z}0% on commodity hardware.",
    "This allows practitioners to deploy {R}-based models on {d} where they were previously "
    "out of reach.",
    "We release a new dataset of {k}00 annotated examples collected from {d} to foster "
    "further research.",
)
CODE_SENTENCES = (
    "Code is available at https://github.com/{u}/{m}.",
    "Our code and models are available at https://github.com/{u}/{m}",
    "The project page is https://{u}.github.io/{m}/ and the code is released.",
)


# ---------------------------------------------------------------------------
# Papers


@dataclass(frozen=True, slots=True)
class Person:
    name: str  # as DBLP shows it: "Sheng Li 0019" when the name is shared
    plain: str  # as feeds and profiles show it: "Sheng Li"


@dataclass(slots=True)
class SynthPaper:
    uid: int
    title: str
    authors: list[int]  # person ids, in order
    affiliations: list[str]
    venue: tuple[str, str, str] | None  # venue, venue type, publication type
    venue_year: int | None
    date: dt.date
    category: str
    score: float | None
    has_code: bool
    abstract: str


class Corpus:
    """The papers and people of one seed; ``paper(uid)`` is stable across sizes."""

    def __init__(self, seed: int = DEFAULT_SEED) -> None:
        self.seed = seed
        self._papers: list[SynthPaper] = []
        self._people: dict[int, Person] = {}
        self._title_keys: set[str] = set()
        self._blocks: dict[tuple[str, str], list[str]] = defaultdict(list)

    def person(self, pid: int) -> Person:
        found = self._people.get(pid)
        if found is None:
            rng = random.Random(f"{self.seed}:person:{pid}")
            given = rng.choice(GIVEN)
            surname = rng.choice(SURNAMES)
            middle = f" {rng.choice('ABCDEHJKLMRSTW')}." if rng.random() < 0.06 else ""
            plain = f"{given}{middle} {surname}"
            name = plain
            if surname in COMMON and rng.random() < 0.35:
                name = f"{plain} {rng.randint(1, 250):04d}"
            found = self._people[pid] = Person(name, plain)
        return found

    def paper(self, uid: int) -> SynthPaper:
        while len(self._papers) <= uid:
            self._papers.append(self._make(len(self._papers)))
        return self._papers[uid]

    def papers(self, uids: Iterable[int]) -> list[SynthPaper]:
        return [self.paper(u) for u in uids]

    def _confusable(self, key: str) -> bool:
        """Whether a title this close exists (the store would rightly merge the two)."""
        from rapidfuzz import fuzz, process

        if key in self._title_keys:
            return True
        for block in _title_blocks(key):
            keys = self._blocks.get(block)
            if (
                keys
                and process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=CONFUSABLE)
                is not None
            ):
                return True
        return False

    def _remember(self, key: str) -> None:
        self._title_keys.add(key)
        for block in _title_blocks(key):
            self._blocks[block].append(key)

    def _make(self, uid: int) -> SynthPaper:
        rng = random.Random(f"{self.seed}:paper:{uid}")
        title = _title(rng)
        key = _key(title)
        while self._confusable(key):  # distinct papers never look like one
            title = _title(rng)
            key = _key(title)
        self._remember(key)
        # A skewed draw: low person ids are prolific (author clusters with many papers).
        pool = 300 + int(uid * 0.9)
        count = rng.choices(range(3, 13), weights=(16, 18, 16, 13, 10, 8, 6, 5, 4, 4))[0]
        authors: list[int] = []
        while len(authors) < count:
            pid = int(pool * rng.random() ** 2.2)
            if pid not in authors:
                authors.append(pid)
        date = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(0, 3439))  # to mid 2025
        venue = rng.choice(VENUES) if rng.random() < 0.6 else None
        venue_year = min(2025, date.year + rng.choice((0, 0, 1))) if venue else None
        has_code = rng.random() < 0.45
        method = title.split(":")[0] if ":" in title else _method(rng)
        return SynthPaper(
            uid=uid,
            title=title,
            authors=authors,
            affiliations=rng.sample(AFFILIATIONS, rng.choice((0, 1, 1, 2, 3))),
            venue=venue,
            venue_year=venue_year,
            date=date,
            category=rng.choice(CATEGORIES),
            score=round(rng.uniform(0.5, 60.0), 1) if rng.random() < 0.8 else None,
            has_code=has_code,
            abstract=_abstract(rng, method, has_code),
        )


# Distinct papers' titles stay below this similarity (the store merges at 92).
CONFUSABLE = 85.0


def _title_blocks(key: str) -> list[tuple[str, str]]:
    words = key.split()
    return [("head", " ".join(words[:2])), ("tail", " ".join(words[-2:]))]


def _method(rng: random.Random) -> str:
    parts = [rng.choice(STEMS)]
    if rng.random() < 0.4:
        parts.append(rng.choice(STEMS))
    parts.append(rng.choice(TAILS))
    name = "".join(parts)
    r = rng.random()
    if r < 0.08:
        name += f"-{rng.randint(2, 9)}"
    elif r < 0.12:
        name += f"v{rng.randint(2, 8)}"
    elif r < 0.16:
        name = "E-" + name
    return name


def _title(rng: random.Random) -> str:
    template = rng.choice(TEMPLATES)
    a, a2 = rng.sample(ADJ, 2)
    t, t2 = rng.sample(TECHNIQUES, 2)
    title = template.format(
        M=_method(rng),
        A=a,
        A2=a2,
        N=rng.choice(NOUNS),
        D=rng.choice(DOMAINS),
        T=t,
        T2=t2,
        R=rng.choice(ACRONYMS),
        V=rng.choice(VERBS),
        Q=rng.choice(QUALITIES),
        k=rng.randint(2, 9),
    )
    r = rng.random()
    if r < 0.08:  # sentence case, as some authors write titles
        head, *rest = title.split(" ")
        title = " ".join([head, *(w if _keep_case(w) else w.lower() for w in rest)])
    elif r < 0.16 and not title.endswith(("?", ")")):
        title += f" {rng.choice(CONNECT)} {rng.choice(ACRONYMS)}"  # ends in an acronym
    return title


def _keep_case(word: str) -> bool:
    return sum(c.isupper() for c in word) > 1 or any(c.isdigit() for c in word)


def _abstract(rng: random.Random, method: str, has_code: bool) -> str:
    target = rng.randint(700, 2000)
    out: list[str] = []
    size = 0
    code = rng.choice(CODE_SENTENCES).format(u=rng.choice(USERS), m=method) if has_code else ""
    times = "×" if rng.random() < 0.25 else "x"  # about a fifth of abstracts are not ASCII
    while size + len(code.encode()) < target - 60:
        sentence = rng.choice(SENTENCES).format(
            N=rng.choice(NOUNS),
            n=rng.choice(NOUNS).lower(),
            D=rng.choice(DOMAINS),
            d=rng.choice(DOMAINS).lower(),
            M=method,
            a=rng.choice(ADJ).lower(),
            v=rng.choice(VERBS).lower(),
            t=rng.choice(TECHNIQUES).lower(),
            R=rng.choice(ACRONYMS),
            k=rng.randint(3, 12),
            x=rng.randint(1, 40),
            y=rng.randint(1, 99),
            z=rng.randint(2, 9),
            times=times,
        )
        out.append(sentence)
        size += len(sentence.encode()) + 1
    if code:
        out.append(code)
    return " ".join(out)


def _key(title: str) -> str:
    from parsers.base import title_key

    return title_key(title)


# ---------------------------------------------------------------------------
# Sightings: a paper as one page shows it


@dataclass(slots=True)
class Sighting:
    uid: int
    title: str
    abstract: str


_DAMAGE = (
    (re.compile(r"\b([a-z])\.([a-z])\.,"), r"\1. \2. ,"),  # e.g., -> e. g. ,
    (re.compile(r"(\d)\.(\d)"), r"\1. \2"),  # 5.18 -> 5. 18
    (re.compile(r"(https?):/"), r"\1: /"),  # https:// -> https: //
    (re.compile(r"\.(com|io)\b"), r". \1"),
)  # github.com -> github. com


def pdf_damage(text: str) -> str:
    """What PDF extraction does to an abstract (as on the author-cluster seed pages)."""
    for pattern, repl in _DAMAGE:
        text = pattern.sub(repl, text)
    return text


def sighting(paper: SynthPaper, variant: int, fmt: str = "feed") -> Sighting:
    """The paper as page ``variant`` shows it (0: as generated; else small differences).

    Author-cluster pages take abstracts from PDFs: about half of them carry the
    extraction damage there (``e. g. ,``, ``5. 18``, ``https: //``), as in the seeds.
    """
    seen = _sighting(paper, variant)
    if fmt == "author-cluster" and random.Random(f"damage:{paper.uid}").random() < 0.5:
        seen.abstract = pdf_damage(seen.abstract)
    return seen


def _sighting(paper: SynthPaper, variant: int) -> Sighting:
    if variant == 0:
        return Sighting(paper.uid, paper.title, paper.abstract)
    rng = random.Random(f"variant:{paper.uid}:{variant}")
    title = _title_variant(paper.title, rng)
    abstract = paper.abstract
    if rng.random() < 0.5:  # an older or newer version of the abstract
        cut = abstract.rfind(". ", 0, len(abstract) - 2)
        if cut > 600:
            abstract = abstract[: cut + 1]
    return Sighting(paper.uid, title, abstract)


def _title_variant(title: str, rng: random.Random) -> str:
    """A title another page prints a little differently, still the same paper."""
    from rapidfuzz import fuzz

    from paperscope.library.merge import FUZZY_TITLE

    options = []
    if "Towards " in title:
        options.append(title.replace("Towards ", "Toward ", 1))
    if ": " in title:
        options.append(title.replace(": ", " - ", 1))
    words = title.split(" ")
    small = [i for i, w in enumerate(words) if i and w in CONNECT + ("and", "of", "the", "to")]
    if small:
        i = rng.choice(small)
        options.append(" ".join(w.capitalize() if k == i else w for k, w in enumerate(words)))
    hyphened = [i for i, w in enumerate(words) if "-" in w.strip("-") and w[0].isalpha()]
    if hyphened:
        i = rng.choice(hyphened)
        options.append(" ".join(w.replace("-", " ") if k == i else w for k, w in enumerate(words)))
    options = [o for o in options if fuzz.ratio(_key(o), _key(title)) >= FUZZY_TITLE + 2]
    return rng.choice(options) if options else title


# ---------------------------------------------------------------------------
# Pages


@dataclass(slots=True)
class PageSpec:
    name: str  # file name
    format: str
    uids: list[int]
    variants: list[int]  # one per uid
    saved: dt.date
    subject: int | None = None  # person id (author-cluster pages)
    meta: dict = field(default_factory=dict)


def render(page: PageSpec, corpus: Corpus) -> str:
    """The page text, as the site would show it."""
    seen = [
        sighting(corpus.paper(u), v, page.format)
        for u, v in zip(page.uids, page.variants, strict=True)
    ]
    papers = corpus.papers(page.uids)
    rng = random.Random(f"render:{page.name}")
    return {
        "author-cluster": _render_cluster,
        "feed": _render_feed,
        "profile": _render_profile,
        "trending": _render_trending,
    }[page.format](page, papers, seen, corpus, rng)


def _date_text(day: dt.date, year: bool = True) -> str:
    text = f"{MONTHS[day.month - 1]} {day.day}"
    return f"{text}, {day.year}" if year else text


def _names(paper: SynthPaper, corpus: Corpus, shown: int) -> list[str]:
    return [corpus.person(p).plain for p in paper.authors[:shown]]


def _render_cluster(page, papers, seen, corpus, rng) -> str:
    subject = corpus.person(page.subject).plain if page.subject is not None else "Geng Yuan"
    n = len(papers)
    lines = [
        "Arrow Research search",
        "",
        "Author name cluster",
        "",
        subject,
        "",
        "Possible papers associated with this exact author name in Arrow. This page groups "
        "case-insensitive exact name matches and is not a full identity disambiguation "
        "profile.",
        "",
        f"{n} papers",
        f"{rng.randint(1, 3)} author rows",
        "",
        "Possible papers",
        "",
        str(n),
        "",
    ]
    for paper, s in zip(papers, seen, strict=True):
        venue, vtype, ptype = paper.venue
        lines += [f"{venue} {vtype} {paper.venue_year} {ptype}", "", s.title, ""]
        lines += [f"  • {corpus.person(p).name}" for p in paper.authors[:8]]
        lines += ["", s.abstract, ""]
    return "\n".join(lines) + "\n"


def _author_line(paper: SynthPaper, corpus: Corpus, rng: random.Random) -> str:
    names = ", ".join(_names(paper, corpus, 3))
    if len(paper.authors) > 3:
        names += " et al."
    if paper.affiliations:
        names += " · " + ", ".join(paper.affiliations)
    return names


def _meta_line(paper: SynthPaper, page: PageSpec, code: bool, year: bool = True) -> str:
    score = f"{paper.score}" if paper.score is not None else ""
    tail = "Code" if code and paper.has_code else ""
    return f"{score}{paper.category}{_date_text(paper.date, year)}{tail}"


def _render_feed(page, papers, seen, corpus, rng) -> str:
    lines = []
    for paper, s in zip(papers, seen, strict=True):
        if rng.random() < 0.7:
            lines.append(_meta_line(paper, page, code=False))
        lines.append(s.title + _author_line(paper, corpus, rng))
        lines.append(s.abstract)
    return "\n".join(lines) + "\n"


def _render_profile(page, papers, seen, corpus, rng) -> str:
    declared = len(papers) + rng.choice((0, 0, 3, 10))
    lines = [
        f"h-index{rng.randint(5, 80)}",
        f"{declared}papers",
        f"{rng.randint(100, 40000):,}citations",
        f"Novelty{rng.randint(20, 90)}%",
        f"AI Score{rng.randint(20, 99)}",
        "",
        f"{declared} Papers",
        "",
    ]
    for paper, s in zip(papers, seen, strict=True):
        # A date in the year the page was saved is printed without its year.
        same_year = paper.date.year == page.saved.year and paper.date <= page.saved
        lines += [_meta_line(paper, page, code=True, year=not same_year), s.title, ""]
        lines += [_author_line(paper, corpus, rng), "", s.abstract, ""]
    return "\n".join(lines) + "\n"


def _render_trending(page, papers, seen, corpus, rng) -> str:
    lines = [
        "new",
        "",
        "Get trending papers in your email inbox!",
        "",
        "Subscribe",
        "",
        "byAK and the research community",
        "",
        _date_text(page.saved, year=False),
        "",
    ]
    for s in seen:
        lines += [s.title, "", s.abstract, ""]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Page plans


BASE_DAY = dt.date(2025, 6, 1)
PAGE_SIZES = {"feed": (100, 600), "profile": (40, 60), "trending": (50, 200)}


def library_pages(corpus: Corpus, n: int) -> list[PageSpec]:
    """Pages that together hold papers ``0..n-1``, about a quarter of them more than once."""
    rng = random.Random(f"{corpus.seed}:plan:{n}")
    placed: dict[int, list[int]] = defaultdict(list)  # uid -> page numbers
    pages: list[PageSpec] = []

    def add(fmt: str, uids: list[int], subject: int | None = None) -> None:
        k = len(pages)
        variants = [len(placed[u]) for u in uids]  # the first sighting is the original
        for u in uids:
            placed[u].append(k)
        pages.append(
            PageSpec(
                name=f"{k:05d}_{fmt}.txt",
                format=fmt,
                uids=uids,
                variants=variants,
                saved=BASE_DAY + dt.timedelta(days=k % 300),
                subject=subject,
            )
        )

    # Author-cluster pages for prolific people: their papers with a venue.
    by_person: dict[int, list[int]] = defaultdict(list)
    for uid in range(n):
        paper = corpus.paper(uid)
        if paper.venue is not None:
            for pid in paper.authors[:8]:
                by_person[pid].append(uid)
    subjects_seen: set[str] = set()
    budget = int(0.25 * n)
    for pid, uids in sorted(by_person.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if budget <= 0 or len(uids) < 5:
            break
        name = corpus.person(pid).plain.casefold()
        if name in subjects_seen:  # one page per name: a cluster page is a name's page
            continue
        subjects_seen.add(name)
        uids = [u for u in uids if len(placed[u]) < 2][:300]
        if len(uids) < 5:
            continue
        uids.sort(key=lambda u: (-(corpus.paper(u).venue_year or 0), u))
        add("author-cluster", uids, subject=pid)
        budget -= len(uids)

    # Everything not yet on a page, then a second sighting for some more.
    rest = [u for u in range(n) if not placed[u]]
    extra = []
    for u in range(n):
        r = rng.random()
        if r < 0.2:
            extra += [u, u] if r < 0.04 else [u]  # a second, sometimes a third sighting
    rng.shuffle(extra)
    queue = deque(rest + extra)
    kinds = ["trending", "profile", "feed"]  # each at least once, even in a small library
    while queue:
        fmt = (
            kinds.pop()
            if kinds
            else rng.choices(("feed", "profile", "trending"), weights=(5, 3, 2))[0]
        )
        lo, hi = PAGE_SIZES[fmt]
        size = rng.randint(lo, hi)
        chunk: dict[int, None] = {}
        later: list[int] = []
        while queue and len(chunk) < size:
            u = queue.popleft()
            if u in chunk:
                later.append(u)  # not twice on one page: on the next one
            else:
                chunk[u] = None
        queue.extendleft(reversed(later))
        add(fmt, sorted(chunk))
    return pages


def import_page(
    corpus: Corpus, n_library: int, size: int = 5000, overlap: float = 0.2, fmt: str = "feed"
) -> PageSpec:
    """A ``size``-paper page: ``overlap`` of it already in the library (as variants)."""
    rng = random.Random(f"{corpus.seed}:import:{n_library}:{size}")
    old = min(n_library, int(size * overlap))
    uids = rng.sample(range(n_library), old) + list(range(n_library, n_library + size - old))
    rng.shuffle(uids)
    return PageSpec(
        name=f"import_{fmt}_{size}.txt",
        format=fmt,
        uids=uids,
        variants=[3 if u < n_library else 0 for u in uids],
        saved=BASE_DAY,
    )


def write_pages(pages: list[PageSpec], corpus: Corpus, folder: Path) -> list[Path]:
    """Write the pages (mtime = the day each was saved) and return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for page in pages:
        path = folder / page.name
        path.write_text(render(page, corpus), encoding="utf-8")
        stamp = dt.datetime.combine(page.saved, dt.time(12)).timestamp()
        os.utime(path, (stamp, stamp))
        paths.append(path)
    return paths


# ---------------------------------------------------------------------------
# Checks


@dataclass
class Check:
    pages: int = 0
    generated: int = 0
    parsed: int = 0
    title_mismatches: list[str] = field(default_factory=list)
    author_mismatches: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            self.generated == self.parsed
            and not self.title_mismatches
            and not self.author_mismatches
            and not self.errors
        )


def verify_pages(pages: list[PageSpec], corpus: Corpus, paths: list[Path], known=None) -> Check:
    """Parse every page back: same count, titles and (shown) authors as generated."""
    import parsers

    check = Check(pages=len(pages))
    for page, path in zip(pages, paths, strict=True):
        result = parsers.parse_file(path, known=known)
        check.generated += len(page.uids)
        if not result.ok or result.format != page.format:
            check.errors.append(f"{path.name}: {result.format} {result.error}")
            continue
        check.parsed += len(result.papers)
        if len(result.papers) != len(page.uids):
            check.errors.append(
                f"{path.name}: {len(page.uids)} generated, {len(result.papers)} parsed"
            )
            continue
        for uid, variant, got in zip(page.uids, page.variants, result.papers, strict=True):
            want = sighting(corpus.paper(uid), variant, page.format)
            if got.title != want.title:
                check.title_mismatches.append(f"{path.name}: {want.title!r} read as {got.title!r}")
            if page.format != "trending":
                paper = corpus.paper(uid)
                shown = 8 if page.format == "author-cluster" else 3
                names = [
                    corpus.person(p).name
                    if page.format == "author-cluster"
                    else corpus.person(p).plain
                    for p in paper.authors[:shown]
                ]
                if got.authors != names:
                    check.author_mismatches.append(f"{path.name}: {names} read as {got.authors}")
    return check


def verify_library(lib, pages: list[PageSpec], paths: list[Path]) -> list[str]:
    """Problems with how the pages merged: each uid must be one record with every sighting."""
    where: dict[tuple[str, int], int] = {}
    sightings: Counter[int] = Counter()
    for page, path in zip(pages, paths, strict=True):
        for pos, uid in enumerate(page.uids, start=1):
            where[(str(path.resolve()), pos)] = uid
            sightings[uid] += 1
    problems = []
    if len(lib) != len(sightings):
        problems.append(f"{len(sightings)} distinct papers generated, library has {len(lib)}")
    for paper in lib.papers():
        uids = Counter(where.get((s.file, s.position)) for s in paper.sources)
        if len(uids) != 1:
            problems.append(f"{paper.title!r} merges generated papers {sorted(uids)}")
            continue
        uid = next(iter(uids))
        if uid is None:
            problems.append(f"{paper.title!r}: a source the generator did not write")
        elif len(paper.sources) != sightings[uid]:
            problems.append(
                f"{paper.title!r}: {len(paper.sources)} sources, "
                f"{sightings[uid]} sightings generated"
            )
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench.generate", description=__doc__.split("\n\n")[0]
    )
    ap.add_argument("out", type=Path, help="folder for the pages")
    ap.add_argument("--papers", type=int, default=1000, help="distinct papers (default 1000)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument(
        "--import-page",
        type=int,
        default=0,
        metavar="SIZE",
        help="also write a feed page of SIZE papers to import on top",
    )
    ap.add_argument("--check", action="store_true", help="parse the pages back and compare")
    args = ap.parse_args(argv)
    corpus = Corpus(args.seed)
    pages = library_pages(corpus, args.papers)
    if args.import_page:
        pages.append(import_page(corpus, args.papers, args.import_page))
    paths = write_pages(pages, corpus, args.out)
    kinds = Counter(p.format for p in pages)
    print(
        f"{len(pages)} pages, {sum(len(p.uids) for p in pages)} sightings of "
        f"{args.papers + (args.import_page and int(args.import_page * 0.8))} papers: "
        + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
    )
    if args.check:
        check = verify_pages(pages, corpus, paths)
        print(
            f"parsed {check.parsed}/{check.generated}; title mismatches "
            f"{len(check.title_mismatches)}, author mismatches "
            f"{len(check.author_mismatches)}, errors {len(check.errors)}"
        )
        for line in (check.errors + check.title_mismatches + check.author_mismatches)[:20]:
            print("  " + line)
        return 0 if check.ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
