"""A realistic ~36-term glossary (real readings) for search and normalization tests.

Deliberate near-collisions: three terms share the reading prefix さいぼう, two share
"extracellular", two share バイオ, several end in 細胞 — so ranking ties are exercised.
"""

from __future__ import annotations

from exoterm.core.content.models import Bilingual, Citation, Term, Variants

_CITE = (Citation(id="medicalnote-2024", section="概要"),)

# id, ja, reading, en, abbr, aliases ja, aliases en, definition ja, definition en
_ROWS: list[tuple[str, str, str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...], str, str]] = [
    ("extracellular-vesicle", "細胞外小胞", "さいぼうがいしょうほう", "extracellular vesicle",
     ("EV",), ("細胞外ベシクル",), ("EVs",),
     "細胞が外へ放出する膜に包まれた小さな袋の総称。", "Membrane-bound particles released by cells."),
    ("exosome", "エクソソーム", "えくそそーむ", "exosome", (), ("エキソソーム",), (),
     "エンドソーム由来の小さな細胞外小胞。", "Small vesicle of endosomal origin."),
    ("microrna", "マイクロRNA", "まいくろあーるえぬえー", "microRNA", ("miRNA",), (), ("miR",),
     "遺伝子の働きを調節する短いRNA。", "Short RNA that tunes how genes are expressed."),
    ("biomarker", "バイオマーカー", "ばいおまーかー", "biomarker", (), (), (),
     "病気の有無や状態を示す測定可能な指標。", "Measurable sign of a disease or its state."),
    ("drug-delivery-system", "ドラッグデリバリーシステム", "どらっぐでりばりーしすてむ",
     "drug delivery system", ("DDS",), ("薬物送達システム",), (),
     "薬を必要な場所へ届ける仕組み。", "Ways of carrying a medicine to where it is needed."),
    ("mesenchymal-stem-cell", "間葉系幹細胞", "かんようけいかんさいぼう", "mesenchymal stem cell",
     ("MSC",), (), ("mesenchymal stromal cell",),
     "骨や脂肪などに分化できる幹細胞。", "Stem cell able to become bone, fat or cartilage."),
    ("fibroblast", "線維芽細胞", "せんいがさいぼう", "fibroblast", (), (), (),
     "コラーゲンを作る結合組織の細胞。", "Connective-tissue cell that makes collagen."),
    ("stem-cell", "幹細胞", "かんさいぼう", "stem cell", (), (), (),
     "自己複製と分化の能力をもつ細胞。", "Cell that can renew itself and differentiate."),
    ("regenerative-medicine", "再生医療", "さいせいいりょう", "regenerative medicine", (), (), (),
     "失われた組織や機能を取り戻す医療。", "Medicine that restores lost tissue or function."),
    ("growth-factor", "成長因子", "せいちょういんし", "growth factor", (), (), (),
     "細胞の増殖を促すたんぱく質。", "Protein that stimulates cells to grow."),
    ("cytokine", "サイトカイン", "さいとかいん", "cytokine", (), (), (),
     "細胞間の情報伝達を担うたんぱく質。", "Signalling protein between cells."),
    ("lipid-bilayer", "脂質二重膜", "ししつにじゅうまく", "lipid bilayer", (), ("脂質二重層",), (),
     "小胞を包む二層の脂質の膜。", "Two-layer fat membrane that wraps a vesicle."),
    ("endosome", "エンドソーム", "えんどそーむ", "endosome", (), (), (),
     "細胞内に取り込んだ物を運ぶ小胞。", "Compartment that sorts material taken into a cell."),
    ("multivesicular-body", "多胞体", "たほうたい", "multivesicular body", ("MVB",), (),
     ("multivesicular endosome",),
     "内部に小胞をためたエンドソーム。", "Endosome filled with small inner vesicles."),
    ("tetraspanin", "テトラスパニン", "てとらすぱにん", "tetraspanin", (), (), (),
     "膜を4回貫通するたんぱく質の一群。", "Family of proteins crossing the membrane four times."),
    ("cd63", "CD63", "しーでぃーろくじゅうさん", "CD63", (), (), (),
     "エクソソームの目印として使われる膜たんぱく質。", "Membrane protein used as an exosome marker."),
    ("ultracentrifugation", "超遠心法", "ちょうえんしんほう", "ultracentrifugation", (), (), (),
     "非常に速い回転で小胞を分ける方法。", "Separating vesicles by spinning very fast."),
    ("nanoparticle-tracking-analysis", "ナノ粒子トラッキング解析", "なのりゅうしとらっきんぐかいせき",
     "nanoparticle tracking analysis", ("NTA",), (), (),
     "粒子の動きから大きさと数を測る方法。", "Sizing and counting particles from their motion."),
    ("liquid-biopsy", "リキッドバイオプシー", "りきっどばいおぷしー", "liquid biopsy", (), (), (),
     "血液などの体液で病気を調べる検査。", "Testing body fluids such as blood for disease."),
    ("cancer", "がん", "がん", "cancer", (), ("癌",), (),
     "異常な細胞が増え続ける病気。", "Disease in which abnormal cells keep multiplying."),
    ("intercellular-communication", "細胞間コミュニケーション", "さいぼうかんこみゅにけーしょん",
     "intercellular communication", (), ("細胞間情報伝達",), (),
     "細胞どうしが情報をやりとりすること。", "Cells passing messages to one another."),
    ("adipose-derived-stem-cell", "脂肪由来幹細胞", "しぼうゆらいかんさいぼう",
     "adipose-derived stem cell", ("ADSC",), (), (),
     "脂肪組織から採れる幹細胞。", "Stem cell obtained from fat tissue."),
    ("umbilical-cord", "臍帯", "さいたい", "umbilical cord", (), ("へその緒",), (),
     "胎児と胎盤をつなぐ管。", "Cord linking the fetus with the placenta."),
    ("parkinsons-disease", "パーキンソン病", "ぱーきんそんびょう", "Parkinson's disease", (), (), (),
     "運動がしにくくなる神経の病気。", "Nerve disease that makes movement difficult."),
    ("cerebral-infarction", "脳梗塞", "のうこうそく", "cerebral infarction", (), (),
     ("ischemic stroke",),
     "脳の血管が詰まる病気。", "Blockage of a blood vessel in the brain."),
    ("elisa", "酵素結合免疫吸着法", "こうそけつごうめんえききゅうちゃくほう",
     "enzyme-linked immunosorbent assay", ("ELISA",), (), (),
     "抗体と酵素で物質の量を測る方法。", "Measuring a substance with antibodies and enzymes."),
    ("gamma-sterilization", "ガンマ線滅菌", "がんませんめっきん", "gamma sterilization", (), (), (),
     "ガンマ線で微生物を死滅させる方法。", "Killing microbes with gamma rays."),
    ("regenerative-medicine-act", "再生医療等安全性確保法", "さいせいいりょうとうあんぜんせいかくほほう",
     "Act on the Safety of Regenerative Medicine", (), (), (),
     "再生医療の安全を確保するための法律。", "Japanese law on the safety of regenerative medicine."),
    ("jsrm", "日本再生医療学会", "にほんさいせいいりょうがっかい",
     "Japanese Society for Regenerative Medicine", ("JSRM",), (), (),
     "再生医療の学術団体。", "Learned society for regenerative medicine."),
    ("helicobacter-pylori", "ピロリ菌", "ぴろりきん", "Helicobacter pylori", (),
     ("ヘリコバクター・ピロリ",), (),
     "胃にすみつく細菌。", "Bacterium that lives in the stomach."),
    ("breast-milk", "母乳", "ぼにゅう", "breast milk", (), (), (),
     "母親の乳房から出る乳。", "Milk from the mother's breast."),
    ("healthy-life-expectancy", "健康寿命", "けんこうじゅみょう", "healthy life expectancy", (), (), (),
     "介護を受けずに暮らせる期間。", "Years lived without needing care."),
    ("peritoneal-dissemination", "腹膜播種", "ふくまくはしゅ", "peritoneal dissemination", (), (), (),
     "がんが腹膜に散らばって広がること。", "Cancer spreading over the peritoneum."),
    ("extracellular-matrix", "細胞外マトリックス", "さいぼうがいまとりっくす", "extracellular matrix",
     ("ECM",), (), (),
     "細胞の外で組織を支える網目。", "Mesh outside cells that holds tissue together."),
    ("antigen", "抗原", "こうげん", "antigen", (), (), (),
     "免疫が目印として認識する物質。", "Substance the immune system recognises."),
    ("immune-response", "免疫応答", "めんえきおうとう", "immune response", (), (), (),
     "異物に対する体の防御反応。", "The body's defence against foreign material."),
]


def make_term(row: tuple[str, str, str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...],
                         str, str]) -> Term:
    tid, ja, reading, en, abbr, alias_ja, alias_en, def_ja, def_en = row
    return Term(
        id=tid, ja=ja, reading=reading, en=en, category="general",
        definition=Bilingual(ja=def_ja, en=def_en), sources=_CITE, evidence="established",
        abbr=abbr, aliases=Variants(ja=alias_ja, en=alias_en),
    )


TERMS: tuple[Term, ...] = tuple(make_term(row) for row in _ROWS)
BY_ID = {t.id: t for t in TERMS}

# The queries a student types, with the term that must come first.
LITERAL_QUERIES: list[tuple[str, str]] = [
    ("saibougai", "extracellular-vesicle"),
    ("さいぼう", "extracellular-vesicle"),
    ("サイボウ", "extracellular-vesicle"),
    ("ｴｸｿｿｰﾑ", "exosome"),
    ("baiomaka", "biomarker"),
    ("biomarker", "biomarker"),
    ("DDS", "drug-delivery-system"),
    ("ｍｉＲＮＡ", "microrna"),
    ("kan'youkei", "mesenchymal-stem-cell"),
    ("extracelular", "extracellular-vesicle"),
]
