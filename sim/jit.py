"""The JIT used for the weekly per-resident loops (numba).

A loop over residents that does all of a rule's arithmetic for one resident at a time is
both easier to read than a dozen whole-array passes and several times faster at scale (no
temporary arrays, one pass over memory). Compiled code is cached on disk next to the source,
so a new process loads it instead of compiling again. (Running rows over both cores with
``prange`` was measured slower on this machine's two cores, so loops stay serial.)
"""

from __future__ import annotations

import numba

jit = numba.njit(cache=True, nogil=True)

# A helper called once per resident from inside another compiled loop: inlined into its caller,
# because a real call passes every array with reference counting, which measured several times
# slower than the arithmetic itself.
inline = numba.njit(cache=True, nogil=True, inline="always")
