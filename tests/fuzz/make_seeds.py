#!/usr/bin/env python3
"""make_seeds.py - write the seed corpus tests/fuzz/corpus/T/ from the
fixtures, the datasets and a few hand-made edge cases. Run from the top
folder: python3 tests/fuzz/make_seeds.py (the seeds are committed; run it
again only to change them). The model seeds it
corrupts are written first by make_models.c (net_save; see README.md)."""
import glob
import gzip
import os
import struct

CORPUS = "tests/fuzz/corpus"


def write(target, name, data):
    os.makedirs(f"{CORPUS}/{target}", exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(f"{CORPUS}/{target}/{name}", "wb") as f:
        f.write(data)


def head(path, lines):
    """The first lines of a file (a big dataset as a small seed)."""
    with open(path, "rb") as f:
        return b"".join(f.readlines()[:lines])


# ---- csv: every CSV fixture, the datasets' first 12 lines, edge cases ----
for path in sorted(glob.glob("tests/fixtures/*.csv") + glob.glob("tests/fixtures/*/*.csv")):
    name = path.replace("tests/fixtures/", "").replace("/", "_")
    with open(path, "rb") as f:
        write("csv", "fixture_" + name, f.read())
for path in sorted(glob.glob("datasets/*.csv")):
    write("csv", "dataset_" + os.path.basename(path), head(path, 12))
CSV_CASES = {
    "quoted.csv": '"x1","x2","y"\n"1.5","2","1"\n"0.5","-1","0"\n',
    "quoted_comma.csv": '"a,b",x2,y\n1,2,"1"\n3,4,0\n',
    "doubled_quote.csv": '"say ""hi""",x2,y\n1,2,1\n',
    "semicolon_decimal_comma.csv": "x1;x2;y\n1,5;2,25;1\n0,5;-1;0\n",
    "tab.csv": "x1\tx2\ty\n1\t2\t1\n3\t4\t0\n",
    "names_text_target.csv": "x1,x2,y\n1,2,cat\n3,4,dog\n5,6,cat\n",
    "signs.csv": "x1,x2,y\n1,2,-1\n3,4,1\n5,6,0\n",
    "classes.csv": "x1,x2,y\n1,2,0\n3,4,2\n5,6,1\n",
    "binary_nul.csv": b"x1,x2,y\n1,\x002,1\n",
    "binary_header.csv": b"\x7fELF\x02\x01\x01\x00,y\n1,2\n",
    "invalid_utf8.csv": b"x\xff\xfe,y\n1,2\n",
    "only_commas.csv": ",,,\n,,,\n",
    "cr_only.csv": "x1,y\r1,2\r3,4\r",
    "huge_number.csv": "x,y\n1e308,1e309\n-1e-400,2\n",
    "hex_number.csv": "x,y\n0x1p3,1\n",
    "spaces.csv": "  x  ,  y  \n  1  ,  2  \n",
    "unterminated_quote.csv": 'x,"y\n1,2\n',
    "control_in_field.csv": "x,y\n1,\x01\n",
    "tab_in_field.csv": "x,y\n1,a\tb\n",
    "many_columns.csv": ",".join(f"c{j}" for j in range(300)) + "\n" + ",".join("1" for _ in range(300)) + "\n",
}
for name, data in CSV_CASES.items():
    write("csv", name, data)

# ---- idx: a 6-byte prefix (mode, max_items, image length), then the file(s) ----
def idx_prefix(mode, max_items=0, image_len=0):
    return bytes([mode, max_items]) + struct.pack(">I", image_len)


def read(path):
    with open(path, "rb") as f:
        return f.read()


FIX = "tests/fixtures/idx/"
for path in sorted(glob.glob(FIX + "*.idx3*") + glob.glob(FIX + "not_idx.gz")):
    write("idx", "images_" + os.path.basename(path), idx_prefix(0) + read(path))
for path in sorted(glob.glob(FIX + "*.idx1*")):
    write("idx", "labels_" + os.path.basename(path), idx_prefix(1) + read(path))
images, labels = read(FIX + "images.idx3.gz"), read(FIX + "labels.idx1.gz")
write("idx", "pair.gz", idx_prefix(3, 0, len(images)) + images + labels)
write("idx", "pair_first2.gz", idx_prefix(3, 2, len(images)) + images + labels)
write("idx", "pair_four_labels.gz", idx_prefix(3, 0, len(images)) + images + read(FIX + "labels_four.idx1.gz"))
plain = read(FIX + "images.idx3")
write("idx", "pair_plain", idx_prefix(3, 0, len(plain)) + plain + gzip.decompress(labels))
matrix = bytes([0, 0, 8, 2]) + struct.pack(">II", 2, 3) + bytes(range(6))
write("idx", "two_dims", idx_prefix(2) + matrix)
write("idx", "huge_count", idx_prefix(1) + bytes([0, 0, 8, 1]) + struct.pack(">I", 0xffffffff))

# ---- model: corruptions of a model make_models.c saved ----
small = read(f"{CORPUS}/model/dense_batchnorm_softmax.model").decode()
MODEL_CASES = {
    "truncated.model": small[: len(small) // 2],
    "nul_byte.model": small.replace("inputs", "inp\0uts", 1),
    "version_2.model": small.replace("annlab-model 1", "annlab-model 2", 1),
    "crlf.model": small.replace("\n", "\r\n"),
    "nan_weight.model": small.replace("param dense/b 1 4\n", "param dense/b 1 4\nnan ", 1),
    "many_layers.model": "annlab-model 1\ninputs 2\nlayers 100000\n" + "activation 2 relu 0 1\n" * 50,
    "skip_bad.model": "annlab-model 1\ninputs 2\nlayers 2\ndense 2 relu 0 1\nadd 2 7\nparams 2\nend\n",
    "empty.model": "",
}
for name, data in MODEL_CASES.items():
    write("model", name, data)

# ---- flags: command lines, one argument a line ----
FLAG_CASES = {
    "help": "--help",
    "all_shared": "--plots=svg\n--out\n/tmp/x\n--seed\n7\n--threads=2\n--section\n4.2",
    "own_flags": "--epochs\n10\n--eta=0.5\n--data\nfile.csv\n--verbose",
    "sheet": "--check\nH1=0.3775,out_h1=0.59\n--variant=3",
    "quiz": "--variant\n2\n--quiz",
    "check_and_quiz": "--check=list\n--quiz",
    "section_and_sections": "--section=4\n--sections",
    "bad_value": "--seed\n-1",
    "bad_number": "--eta\n1e999",
    "missing_value": "--epochs",
    "bool_with_value": "--verbose=1",
    "unknown": "--plot=png",
    "long_name": "--" + "x" * 100,
    "not_a_flag": "data.csv",
    "nul_separated": "--seed\0" + "12\0--plots\0dumb",
    "binary": b"--\xff\xfe\x01=\x00\x7f",
    "columns": "--data\nown.csv\n--features=x1,x2\n--target\ny",
    "out_of_range": "--epochs=0\n--eta\n-1",
    "typo": "-plots=svg",
}
for name, data in FLAG_CASES.items():
    write("flags", name, data)
