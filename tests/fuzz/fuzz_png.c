/* fuzz_png.c: fuzz target for PNG decoding (generator/pngimage.c): any bytes
 * into libpng under reformgen's error handler. Looks for crashes, aborts,
 * leaks on the error paths and pixel buffers of the wrong size. */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "pngimage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  pngimage img;
  char *err = NULL;
  if (pngimage_decode(data, size, &img, &err) == 0) {
    /* every byte of the pixels is there: a short buffer shows under ASan */
    size_t n = (size_t)img.w * img.h;
    unsigned sum = 0;
    for (size_t i = 0; i < n * (size_t)img.channels; i++) sum += img.color[i];
    if (img.alpha) for (size_t i = 0; i < n; i++) sum += img.alpha[i];
    if (img.w == 0 || img.h == 0 || (img.channels != 1 && img.channels != 3) || sum == 0xFFFFFFFFu) abort();
    pngimage_free(&img);
  } else if (!err || !*err) {
    abort();   /* a refusal always says why */
  }
  free(err);
  return 0;
}
