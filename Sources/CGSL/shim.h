#ifndef JIFEN_CGSL_SHIM_H
#define JIFEN_CGSL_SHIM_H

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

#endif
