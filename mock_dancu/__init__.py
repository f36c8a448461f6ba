"""Mock of the national population database (CSDLQG về dân cư).

**Synthetic data only.** The population is never stored: there are no tables. Citizen number
`n` (the *ordinal*, 0 <= n < `settings.dancu_population`, 5,000,000 by default) is a pure
function of (`settings.dancu_seed`, n), derived on demand in a few microseconds. Why lazy: five
million citizens would take minutes and gigabytes to materialise, while the services only ever
touch a few thousand per request; deriving on demand gives O(1) access, a start-up in
milliseconds and the same population on every machine.

How it is made (`mock_dancu.population`):

- **Cells.** The population is split into cells (province of birth registration, birth year
  1930–2025, sex). Cell sizes are apportioned once from integer weights — the province's
  population (`seed/provinces.csv`) x an age pyramid flat to 55 and tapering to few at 95 —
  by largest remainder, so they sum to exactly N with no floating point. Ordinals are laid out
  cell after cell; ordinal → cell is a bisection of the ~12,000 cell starts.
- **Personal number codec.** ``PPP C YY SSSSSS``: province code, century/sex digit (0/1 male/
  female 1900–1999, 2/3 for 2000–2099), two-digit birth year, serial. The serial of the k-th
  citizen of a cell is ``(A·k + B_cell) mod 10^6`` with A coprime to 10 and B_cell derived
  from the seed, an invertible permutation: personal number → cell → k = A⁻¹·(serial − B_cell)
  mod 10^6 → ordinal = start(cell) + k, in O(1). A well-formed number with k >= size(cell)
  belongs to nobody: "not in the population".
- **Old CMND numbers** (born up to 2006): ``(A'·n + B') mod 10^9``, inverted the same way.
- **Everything else** (birth date, names, ethnicity, religion, home town, address, death) comes
  from one BLAKE2b hash of (seed, n), 40 bytes cut into fields: family names by Vietnamese
  frequencies (Nguyễn ~38%), middle and given names from Faker vi_VN plus longer lists of our
  own, ethnic groups by census share, about 3% deceased (more among the old) with deaths from
  2015-01-01 to 2026-10-31. Life status is evaluated at an as-of date.
- **Walk.** Listings visit positions p = 0, 1, … as ordinals ``(M·p + C) mod N`` with M coprime
  to N: a fixed permutation that mixes provinces and ages from the first page on.

Derivation runs at roughly 150,000 citizens per second in one CPython process.
"""

__version__ = "0.1.0"
