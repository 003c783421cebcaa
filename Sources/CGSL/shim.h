#ifndef JIFEN_CGSL_SHIM_H
#define JIFEN_CGSL_SHIM_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_sf_erf.h>

/* Swift 6 rejects GSL's mutable global generator-type pointers, so they are
   reached through these accessors instead. */
static inline const gsl_rng_type *jifen_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *jifen_rng_taus2(void) { return gsl_rng_taus2; }
static inline const gsl_qrng_type *jifen_qrng_sobol(void) { return gsl_qrng_sobol; }

/* GSL's default error handler aborts the process; jifen checks return codes instead. */
static inline void jifen_gsl_disable_abort(void) { gsl_set_error_handler_off(); }

/* MT19937 as a gsl_rng_type: the same algorithm, seeding (seed 0 means 4357) and output
   sequence as gsl_rng_mt19937, whose state jifen never touches. GSL regenerates its state with
   a data-dependent branch that mispredicts every other word; this version selects the twist
   constant with a mask, which makes each draw several times cheaper. RandomStreamTests check
   the outputs against gsl_rng_mt19937 word for word. */
typedef struct { uint32_t mt[624]; int mti; } jifen_mt_state;

static inline void jifen_mt_set(void *vstate, unsigned long int s) {
    jifen_mt_state *state = (jifen_mt_state *)vstate;
    if (s == 0) s = 4357;
    state->mt[0] = (uint32_t)s;
    for (int i = 1; i < 624; i++)
        state->mt[i] = 1812433253u * (state->mt[i - 1] ^ (state->mt[i - 1] >> 30)) + (uint32_t)i;
    state->mti = 624;
}

static inline void jifen_mt_twist(jifen_mt_state *state) {
    uint32_t *mt = state->mt;
    int k = 0;
    for (; k < 624 - 397; k++) {
        uint32_t y = (mt[k] & 0x80000000u) | (mt[k + 1] & 0x7fffffffu);
        mt[k] = mt[k + 397] ^ (y >> 1) ^ ((0u - (y & 1u)) & 0x9908b0dfu);
    }
    for (; k < 623; k++) {
        uint32_t y = (mt[k] & 0x80000000u) | (mt[k + 1] & 0x7fffffffu);
        mt[k] = mt[k + 397 - 624] ^ (y >> 1) ^ ((0u - (y & 1u)) & 0x9908b0dfu);
    }
    uint32_t y = (mt[623] & 0x80000000u) | (mt[0] & 0x7fffffffu);
    mt[623] = mt[396] ^ (y >> 1) ^ ((0u - (y & 1u)) & 0x9908b0dfu);
    state->mti = 0;
}

static inline __attribute__((always_inline)) uint32_t jifen_mt_next(jifen_mt_state *state) {
    if (state->mti >= 624) jifen_mt_twist(state);
    uint32_t k = state->mt[state->mti++];
    k ^= k >> 11;
    k ^= (k << 7) & 0x9d2c5680u;
    k ^= (k << 15) & 0xefc60000u;
    k ^= k >> 18;
    return k;
}

static inline unsigned long int jifen_mt_get(void *vstate) { return jifen_mt_next((jifen_mt_state *)vstate); }
static inline double jifen_mt_get_double(void *vstate) { return jifen_mt_next((jifen_mt_state *)vstate) / 4294967296.0; }

static inline const gsl_rng_type *jifen_rng_mt19937_masked(void) {
    static const gsl_rng_type type = {
        "mt19937", 0xffffffffUL, 0, sizeof(jifen_mt_state), &jifen_mt_set, &jifen_mt_get, &jifen_mt_get_double
    };
    return &type;
}

/* One word of r: inline for the shim's mt19937 (masked = 1), through the type's get otherwise.
   For mt19937 and taus2 words span 0..2^32-1, so word / 2^32 is exactly gsl_rng_uniform. */
static inline __attribute__((always_inline)) uint32_t jifen_word(const gsl_rng *r, int masked) {
    return masked ? jifen_mt_next((jifen_mt_state *)r->state) : (uint32_t)r->type->get(r->state);
}

/* Bulk words for the pool generator's column loops: one C loop instead of one call into GSL
   per draw from Swift. */
static inline void jifen_word_fill(const gsl_rng *r, int masked, uint32_t *out, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = jifen_word(r, masked);
}

/* Standard normals by the ziggurat method of Marsaglia and Tsang (2000): 128 layers,
   R = 3.442619855899, V = 9.91256303526217e-3, with the index, sign and 24-bit magnitude taken
   from separate bits of one 32-bit word (the correction of Doornik, 2005, also used by GSL's
   gsl_ran_gaussian_ziggurat). Layer i (1..127) spans x in [0, x_i] and heights [f(x_i), f(x_{i-1})];
   layer 0 is the base strip with the tail beyond R. w[i] = x_i / 2^24 (base: V / f(R) / 2^24),
   k[i] = 2^24 x_{i-1} / x_i (base: 2^24 R f(R) / V), f[i] = exp(-x_i^2 / 2). The sign is
   applied by flipping the sign bit, so the common path has no data-dependent branch. */
static inline void jifen_ziggurat_setup(double *w, uint32_t *k, double *f) {
    const double m = 16777216.0, v = 9.91256303526217e-3;
    double dn = 3.442619855899, tn = dn;
    const double q = v / exp(-0.5 * dn * dn);
    k[0] = (uint32_t)((dn / q) * m);
    k[1] = 0;
    w[0] = q / m;
    w[127] = dn / m;
    f[0] = 1.0;
    f[127] = exp(-0.5 * dn * dn);
    for (int i = 126; i >= 1; i--) {
        dn = sqrt(-2.0 * log(v / dn + exp(-0.5 * dn * dn)));
        k[i + 1] = (uint32_t)((dn / tn) * m);
        tn = dn;
        f[i] = exp(-0.5 * dn * dn);
        w[i] = dn / m;
    }
}

/* Uniform on (0, 1). */
static inline double jifen_open_uniform(const gsl_rng *r, int masked) {
    uint32_t u;
    do { u = jifen_word(r, masked); } while (u == 0);
    return u / 4294967296.0;
}

static inline __attribute__((always_inline)) double jifen_signed(double x, uint32_t u) {
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    bits ^= (uint64_t)(u & 128) << 56;
    memcpy(&x, &bits, sizeof x);
    return x;
}

/* The rare case (about 1.5% of words): word u fell outside its layer's rectangle. Kept out of
   line so that the common case inlines into the fill loop. */
static __attribute__((noinline)) double jifen_ziggurat_edge(const gsl_rng *r, int masked, const double *w, const uint32_t *k,
                                                            const double *f, uint32_t u) {
    const double R = 3.442619855899;
    for (;;) {
        uint32_t i = u & 127, j = u >> 8;
        double x = j * w[i];
        if (j < k[i]) return jifen_signed(x, u);
        if (i == 0) {
            double t, y;
            do {
                t = -log(jifen_open_uniform(r, masked)) / R;
                y = -log(jifen_open_uniform(r, masked));
            } while (y + y < t * t);
            return jifen_signed(R + t, u);
        }
        if (f[i] + jifen_open_uniform(r, masked) * (f[i - 1] - f[i]) < exp(-0.5 * x * x)) return jifen_signed(x, u);
        u = jifen_word(r, masked);
    }
}

static inline __attribute__((always_inline)) double jifen_ziggurat(const gsl_rng *r, int masked, const double *w, const uint32_t *k, const double *f) {
    uint32_t u = jifen_word(r, masked);
    uint32_t i = u & 127, j = u >> 8;
    if (j < k[i]) return jifen_signed(j * w[i], u);
    return jifen_ziggurat_edge(r, masked, w, k, f, u);
}

static inline void jifen_gaussian_fill(const gsl_rng *r, int masked, const double *w, const uint32_t *k, const double *f,
                                       double *out, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = jifen_ziggurat(r, masked, w, k, f);
}

#endif
