#ifndef JIFEN_CGSL_SHIM_H
#define JIFEN_CGSL_SHIM_H

#include <stddef.h>
#include <stdint.h>
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

static inline uint32_t jifen_mt_next(jifen_mt_state *state) {
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

/* Bulk draws for the pool generator's column loops: one C loop instead of one call into
   GSL per draw from Swift. jifen_rng_fill stores the generator's raw outputs (for mt19937
   and taus2 these span 0..2^32-1, so raw / 2^32 is exactly gsl_rng_uniform); jifen_mt_fill
   does the same for a generator of type jifen_rng_mt19937_masked, with the draws inlined. */
static inline void jifen_mt_fill(void *vstate, uint32_t *out, size_t n) {
    jifen_mt_state *state = (jifen_mt_state *)vstate;
    for (size_t i = 0; i < n; i++) out[i] = jifen_mt_next(state);
}

static inline void jifen_rng_fill(const gsl_rng *r, uint32_t *out, size_t n) {
    unsigned long int (*get)(void *) = r->type->get;
    void *state = r->state;
    for (size_t i = 0; i < n; i++) out[i] = (uint32_t)get(state);
}

static inline void jifen_gaussian_fill(const gsl_rng *r, double *out, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = gsl_ran_gaussian_ziggurat(r, 1.0);
}

#endif
