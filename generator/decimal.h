/* decimal.h: exact decimal numbers for the figures the documents print.
 *
 * domain.md requires rounding "half up on the exact decimal value": 7 -> 17 is
 * 142.9 %, 89.95 shows as 90.0. Binary floating point gets such digits wrong,
 * so figures are kept as a 64-bit integer mantissa and a decimal scale
 * (value = mant / 10^scale), with 128-bit intermediates. Rounding is half away
 * from zero ("half up" on the magnitude). Every operation returns 0 on success
 * and -1 on overflow or a bad argument (division by zero, scale > 18). */
#ifndef REFORMGEN_DECIMAL_H
#define REFORMGEN_DECIMAL_H

#include <stdint.h>
#include <stddef.h>

typedef struct dec {
  int64_t mant;
  int scale;   /* 0..18 */
} dec;

#define DEC_MAX_SCALE 18
/* Enough for any dec_format output: sign, 19 digits, point, NUL. */
#define DEC_BUFSZ 48

/* Parses a strict decimal: optional '-', digits, optional '.' and digits,
 * optional exponent e[+-]digits. No spaces, no "nan", "inf", hex or commas.
 * Returns 0, or -1 when s is not such a number or does not fit. */
int dec_parse(const char *s, dec *out);
dec dec_from_int(int64_t v);
int dec_add(dec a, dec b, dec *out);
int dec_sub(dec a, dec b, dec *out);
int dec_mul(dec a, dec b, dec *out);
/* out = a / b rounded half up to `places` decimals. */
int dec_div(dec a, dec b, int places, dec *out);
/* out = a rounded half up to `places` decimals (never adds precision beyond a's). */
int dec_round(dec a, int places, dec *out);
/* Returns <0, 0, >0 as a <, ==, > b. */
int dec_cmp(dec a, dec b);
int dec_is_zero(dec a);
int dec_is_integer(dec a);
double dec_to_double(dec a);
/* Writes a rounded half up to exactly `places` decimals ("142.9", "90.0",
 * "-3"); places < 0 writes the shortest exact form ("0.25", "17"). Returns buf. */
char *dec_format(dec a, int places, char buf[DEC_BUFSZ]);
/* Percentage of num / den with `places` decimals, rounded half up on the exact
 * value: dec_percent(10, 7, 1) is 142.9. */
int dec_percent(dec num, dec den, int places, dec *out);

#endif
