"""The one compiled module: the BM25 query path's inner loops (src/qa/search/_kernel.c).

Everything else about the package is declared in pyproject.toml; setuptools reads extension
modules only from here. The flags keep the floats those of the numpy path, bit for bit: no
fused multiply-add (which rounds once where numpy rounds twice) and no -ffast-math.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "qa.search._kernel",
            sources=["src/qa/search/_kernel.c"],
            extra_compile_args=["-O2", "-ffp-contract=off", "-fno-fast-math", "-std=c11"],
        )
    ]
)
