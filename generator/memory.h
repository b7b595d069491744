/* memory.h: how the process takes memory from the kernel. */
#ifndef REFORMGEN_MEMORY_H
#define REFORMGEN_MEMORY_H

/* Sets up the heap for rendering: grown in large steps, kept when freed, and
 * backed by transparent huge pages where the kernel allows it on request.
 * Call once, early in main, before any fork. */
void memory_tune(void);

#endif
