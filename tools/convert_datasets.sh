#!/bin/sh
# convert_datasets.sh - turn the raw scikit-learn data files into the clean
# CSVs of datasets/ (one header row, comma separated, numbers only).
#
#   sh tools/convert_datasets.sh SRC [OUT]
#
#   SRC  a folder holding scikit-learn's raw files: the data files of its
#        sklearn/datasets/data/ (iris.csv, breast_cancer.csv, wine_data.csv,
#        digits.csv.gz, diabetes_data_raw.csv.gz, diabetes_target.csv.gz)
#        and the .rst descriptions of sklearn/datasets/descr/, side by side
#   OUT  where the CSVs go (default: datasets/ in the repo)
#
# Writes iris.csv, breast_cancer.csv, wine.csv, digits.csv and diabetes.csv.
# Column names are read from the .rst descriptions and checked against the
# names this project uses; values are copied byte for byte as the raw files
# write them, except the diabetes target (1.510000000000000000e+02 -> 151).
# Every input is checked: row count, fields per row, numbers only, labels in
# range. Any surprise stops the script with "error: ..." and exit status 1,
# and leaves the earlier output untouched. Same input, same output.
# Needs only a POSIX shell, awk and gzip.
set -eu
LC_ALL=C
export LC_ALL

prog=convert_datasets
die() {
    echo "$prog: error: $*" >&2
    exit 1
}

root=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -lt 1 ]; then
    echo "usage: sh tools/convert_datasets.sh SRC [OUT]   (SRC: scikit-learn's raw data and .rst files)" >&2
    exit 2
fi
src=$1
out=${2:-$root/datasets}
[ -d "$src" ] || die "no such directory: $src (give the raw files' folder as \$1)"
src=$(cd "$src" && pwd)
mkdir -p "$out" || die "cannot create $out"
out=$(cd "$out" && pwd)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/convert_datasets.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

need() {
    for f in "$@"; do
        if [ ! -f "$src/$f" ] || [ ! -r "$src/$f" ]; then
            die "missing input: $src/$f"
        fi
    done
}

gunzip_to() { # gunzip_to FILE.gz DEST
    gzip -dc "$src/$1" >"$2" || die "cannot decompress $src/$1"
}

# rst_items FILE: the items of the ":Attribute Information:" list of a .rst,
# one a line, without the "- ". The list ends at a blank line or at the
# "class:" item.
rst_items() {
    awk '
        index($0, ":Attribute Information:") { on = 1; next }
        !on { next }
        /^[ \t]*- / {
            s = $0
            sub(/^[ \t]*- /, "", s)
            sub(/[ \t]+$/, "", s)
            if (s == "class:") exit
            print s; n++; next
        }
        /^[ \t]*$/ { if (n > 0) exit; next }
    ' "$src/$1"
}

# snake: "Alcalinity of ash" -> alcalinity_of_ash (one name a line).
snake() {
    awk '{
        s = tolower($0)
        gsub(/[^a-z0-9]+/, "_", s)
        gsub(/^_+|_+$/, "", s)
        print s
    }'
}

# same_names WHAT GOT EXPECTED: both comma-separated; die unless equal.
same_names() {
    [ "$2" = "$3" ] || die "$1: the column names read from the .rst changed:
  read:     $2
  expected: $3"
}

joined() { paste -sd, -; }

# check_out NAME ROWS COLS: check the finished $tmp/NAME once more, as a
# reader would (header of COLS names, ROWS rows of COLS numbers), and put
# it on the list that is moved into $out once every file has converted.
done_list=""
check_out() {
    awk -F, -v rows="$2" -v cols="$3" -v f="$1" '
        function bad(m) { printf "%s:%d: %s\n", f, NR, m > "/dev/stderr"; err = 1; exit 1 }
        NR == 1 {
            if (NF != cols) bad("header has " NF " names, expected " cols)
            for (i = 1; i <= NF; i++)
                if ($i !~ /^[a-z][a-z0-9_]*$/) bad("bad column name \"" $i "\"")
            next
        }
        {
            if (NF != cols) bad(NF " fields, expected " cols)
            for (i = 1; i <= NF; i++)
                if ($i !~ /^-?[0-9]+(\.[0-9]+)?$/) bad("field " i " is not a number: \"" $i "\"")
        }
        END {
            if (err) exit 1
            if (NR - 1 != rows) { printf "%s: %d data rows, expected %d\n", f, NR - 1, rows > "/dev/stderr"; exit 1 }
        }
    ' "$tmp/$1" || die "$1: the converted file fails its check"
    done_list="$done_list $1"
    echo "$prog: $1: $2 rows x $3 columns, checked"
}

# convert_labeled RAW OUT ROWS FEATURES CLASSES HEADER: the sklearn
# convention "n_samples,n_features,class names..." then rows of features
# and an integer label 0..k-1. Data rows are copied unchanged.
convert_labeled() {
    awk -F, -v f="$src/$1" -v rows="$3" -v nf="$4" -v classes="$5" -v header="$6" '
        function bad(m) { printf "%s:%d: %s\n", f, NR, m > "/dev/stderr"; err = 1; exit 1 }
        index($0, "\r") { bad("carriage return found (CRLF line ends?)") }
        NR == 1 {
            k = split(classes, cls, ",")
            if (NF != 2 + k) bad("first line should be \"" rows "," nf "," classes "\", found \"" $0 "\"")
            if ($1 != rows) bad("first line says " $1 " samples, expected " rows)
            if ($2 != nf) bad("first line says " $2 " features, expected " nf)
            for (i = 1; i <= k; i++)
                if ($(i + 2) != cls[i]) bad("class " i - 1 " is \"" $(i + 2) "\", expected \"" cls[i] "\"")
            print header
            next
        }
        {
            if (NF != nf + 1) bad(NF " fields, expected " nf + 1)
            for (i = 1; i <= nf; i++)
                if ($i !~ /^-?[0-9]+(\.[0-9]+)?$/) bad("feature " i " is not a number: \"" $i "\"")
            if ($NF !~ /^[0-9]+$/ || $NF + 0 >= k) bad("label \"" $NF "\" is not one of 0.." k - 1)
            print
        }
        END {
            if (err) exit 1
            if (NR == 0) { printf "%s: empty file\n", f > "/dev/stderr"; exit 1 }
            if (NR - 1 != rows) { printf "%s: %d data rows, expected %d\n", f, NR - 1, rows > "/dev/stderr"; exit 1 }
        }
    ' "$src/$1" >"$tmp/$2" || die "$1: conversion failed"
}

need iris.csv iris.rst breast_cancer.csv breast_cancer.rst wine_data.csv \
    wine_data.rst digits.csv.gz digits.rst diabetes_data_raw.csv.gz \
    diabetes_target.csv.gz diabetes.rst

# ---- iris: 150 x 4, species 0 setosa, 1 versicolor, 2 virginica
names=$(rst_items iris.rst | sed 's/ in cm$//' | snake | joined)
same_names iris.rst "$names" "sepal_length,sepal_width,petal_length,petal_width"
convert_labeled iris.csv iris.csv 150 4 "setosa,versicolor,virginica" "$names,species"
check_out iris.csv 150 5

# ---- breast cancer: 569 x 30 (10 measures: mean, standard error, worst),
# target 0 malignant, 1 benign. The .rst names the fields "Mean Radius",
# "Radius SE", "Worst Radius": mean_radius, radius_se, worst_radius.
if ! grep -q "field 0 is Mean Radius, field" "$src/breast_cancer.rst" ||
    ! grep -q "10 is Radius SE, field 20 is Worst Radius" "$src/breast_cancer.rst"; then
    die "breast_cancer.rst: the field order (mean, SE, worst) is no longer stated"
fi
base=$(rst_items breast_cancer.rst | sed 's/ *(.*$//' | snake)
[ "$(echo "$base" | wc -l)" -eq 10 ] || die "breast_cancer.rst: expected 10 measures, found: $base"
names=$(
    {
        echo "$base" | sed 's/^/mean_/'
        echo "$base" | sed 's/$/_se/'
        echo "$base" | sed 's/^/worst_/'
    } | joined
)
m="radius,texture,perimeter,area,smoothness,compactness,concavity,concave_points,symmetry,fractal_dimension"
expected=$(
    {
        echo "$m" | tr , '\n' | sed 's/^/mean_/'
        echo "$m" | tr , '\n' | sed 's/$/_se/'
        echo "$m" | tr , '\n' | sed 's/^/worst_/'
    } | joined
)
same_names breast_cancer.rst "$names" "$expected"
convert_labeled breast_cancer.csv breast_cancer.csv 569 30 "malignant,benign" "$names,target"
check_out breast_cancer.csv 569 31

# ---- wine: 178 x 13, class 0, 1, 2 (the three cultivars)
names=$(rst_items wine_data.rst | snake | joined)
same_names wine_data.rst "$names" "alcohol,malic_acid,ash,alcalinity_of_ash,magnesium,total_phenols,flavanoids,nonflavanoid_phenols,proanthocyanins,color_intensity,hue,od280_od315_of_diluted_wines,proline"
convert_labeled wine_data.csv wine.csv 178 13 "class_0,class_1,class_2" "$names,class"
check_out wine.csv 178 14

# ---- digits: 1797 x 64 pixels of an 8x8 image (row-major), values 0..16,
# then the digit 0..9. No header in the raw file.
grep -q '8x8 image of integer pixels in the range 0..16' "$src/digits.rst" ||
    die "digits.rst: no longer describes 8x8 images of pixels 0..16"
gunzip_to digits.csv.gz "$tmp/digits.raw"
awk -F, -v f="$src/digits.csv.gz" '
    function bad(m) { printf "%s (decompressed):%d: %s\n", f, NR, m > "/dev/stderr"; err = 1; exit 1 }
    BEGIN {
        h = ""
        for (r = 0; r < 8; r++)
            for (c = 0; c < 8; c++)
                h = h "p" r "_" c ","
        print h "digit"
    }
    {
        if (index($0, "\r")) bad("carriage return found (CRLF line ends?)")
        if (NF != 65) bad(NF " fields, expected 65")
        for (i = 1; i <= 64; i++)
            if ($i !~ /^[0-9]+$/ || $i + 0 > 16) bad("pixel " i " is not an integer 0..16: \"" $i "\"")
        if ($65 !~ /^[0-9]$/) bad("label \"" $65 "\" is not a digit 0..9")
        print
    }
    END {
        if (err) exit 1
        if (NR != 1797) { printf "%s: %d rows, expected 1797\n", f, NR > "/dev/stderr"; exit 1 }
    }
' "$tmp/digits.raw" >"$tmp/digits.csv" || die "digits.csv.gz: conversion failed"
check_out digits.csv 1797 65

# ---- diabetes: 442 x 10 raw (unscaled) features + the progression target.
names=$(rst_items diabetes.rst | awk '{ print $1 }' | joined)
same_names diabetes.rst "$names" "age,sex,bmi,bp,s1,s2,s3,s4,s5,s6"
gunzip_to diabetes_data_raw.csv.gz "$tmp/diabetes_x.raw"
gunzip_to diabetes_target.csv.gz "$tmp/diabetes_y.raw"
awk -v fx="$src/diabetes_data_raw.csv.gz" -v fy="$src/diabetes_target.csv.gz" \
    -v ty="$tmp/diabetes_y.raw" -v header="$names,progression" '
    function bad(f, n, m) { printf "%s (decompressed):%d: %s\n", f, n, m > "/dev/stderr"; err = 1; exit 1 }
    # plain("1.510000000000000000e+02") = "151": the same decimal number
    # without an exponent, written exactly (string arithmetic, no rounding).
    function plain(s,    sign, mant, ex, p, ip, fp, digits, point, n) {
        sign = ""
        if (s ~ /^[-+]/) { if (substr(s, 1, 1) == "-") sign = "-"; s = substr(s, 2) }
        ex = 0
        p = index(s, "e"); if (p == 0) p = index(s, "E")
        if (p > 0) { ex = substr(s, p + 1) + 0; mant = substr(s, 1, p - 1) } else mant = s
        p = index(mant, ".")
        if (p > 0) { ip = substr(mant, 1, p - 1); fp = substr(mant, p + 1) } else { ip = mant; fp = "" }
        digits = ip fp
        point = length(ip) + ex
        n = length(digits)
        if (point <= 0) { while (point < 0) { digits = "0" digits; point++ }; ip = "0"; fp = digits }
        else if (point >= n) { while (n < point) { digits = digits "0"; n++ }; ip = digits; fp = "" }
        else { ip = substr(digits, 1, point); fp = substr(digits, point + 1) }
        sub(/^0+/, "", ip); if (ip == "") ip = "0"
        sub(/0+$/, "", fp)
        s = (fp == "") ? ip : ip "." fp
        if (s == "0") sign = ""
        return sign s
    }
    BEGIN {
        # the targets first: one number a line
        ny = 0
        while ((r = getline t < ty) > 0) {
            ny++
            if (index(t, "\r")) bad(fy, ny, "carriage return found (CRLF line ends?)")
            if (t !~ /^[-+]?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?$/) bad(fy, ny, "not a number: \"" t "\"")
            y[ny] = plain(t)
            if (y[ny] + 0 != t + 0) bad(fy, ny, "cannot rewrite \"" t "\" without an exponent (got " y[ny] ")")
        }
        if (r < 0) { printf "%s: cannot read\n", fy > "/dev/stderr"; err = 1; exit 1 }
        if (ny != 442) { printf "%s: %d targets, expected 442\n", fy, ny > "/dev/stderr"; err = 1; exit 1 }
        print header
    }
    {
        if (index($0, "\r")) bad(fx, NR, "carriage return found (CRLF line ends?)")
        if (NF != 10) bad(fx, NR, NF " fields, expected 10 (space separated)")
        line = ""
        for (i = 1; i <= 10; i++) {
            if ($i !~ /^-?[0-9]+(\.[0-9]+)?$/) bad(fx, NR, "feature " i " is not a number: \"" $i "\"")
            line = line $i ","
        }
        if (NR > ny) bad(fx, NR, "more feature rows than targets")
        print line y[NR]
    }
    END {
        if (err) exit 1
        if (NR != 442) { printf "%s: %d rows, expected 442\n", fx, NR > "/dev/stderr"; exit 1 }
    }
' "$tmp/diabetes_x.raw" >"$tmp/diabetes.csv" ||
    die "diabetes: conversion failed"
check_out diabetes.csv 442 11

# ---- all converted and checked: only now replace the files in $out
for name in $done_list; do
    mv "$tmp/$name" "$out/$name" || die "cannot write $out/$name"
done
echo "$prog: wrote$done_list to $out"
