#!/bin/sh
# deps.sh - find and install the system packages annlab needs.
#   tools/deps.sh check     install only what is missing (silent when all is there)
#   tools/deps.sh install   the same, saying what it found
# Needs: gcc, make, pkg-config, gnuplot (gnuplot-nox), Criterion
# (libcriterion-dev), zlib (zlib1g-dev) and the Fashion-MNIST images of
# chapter 12 (dataset-fashion-mnist, in /usr/share/datasets/fashion-mnist). Installs with apt-get, through
# sudo when not root; when it cannot, prints the exact command and fails.
set -u
mode=${1:-install}

missing=""
command -v gcc >/dev/null 2>&1 || missing="$missing gcc"
command -v make >/dev/null 2>&1 || missing="$missing make"
command -v pkg-config >/dev/null 2>&1 || missing="$missing pkg-config"
command -v gnuplot >/dev/null 2>&1 || missing="$missing gnuplot-nox"
if command -v pkg-config >/dev/null 2>&1; then
    pkg-config --exists criterion || missing="$missing libcriterion-dev"
    pkg-config --exists zlib || missing="$missing zlib1g-dev"
else
    missing="$missing libcriterion-dev zlib1g-dev"
fi
[ -r /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] ||
    missing="$missing dataset-fashion-mnist"

if [ -z "$missing" ]; then
    [ "$mode" = check ] || echo "deps: everything annlab needs is installed"
    exit 0
fi

echo "deps: missing:$missing"
cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" = 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo "
else
    echo "deps: cannot install without root. Run, as root:" >&2
    echo "    apt-get update && $cmd" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "deps: this is not a Debian/Ubuntu system (no apt-get). Install:$missing" >&2
    exit 1
fi
echo "deps: ${sudo}apt-get update && ${sudo}$cmd"
if ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
   ${sudo}env DEBIAN_FRONTEND=noninteractive $cmd >/dev/null; then
    echo "deps: installed$missing"
    exit 0
fi
echo "deps: the installation failed. Run it yourself:" >&2
echo "    ${sudo}apt-get update && ${sudo}$cmd" >&2
exit 1
