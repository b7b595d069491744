/* memory.h: how the process takes memory from the kernel. */
#ifndef REFORMGEN_MEMORY_H
#define REFORMGEN_MEMORY_H

/* Sets up the heap for rendering: grown in large steps, kept when freed, and
 * backed by transparent huge pages where the kernel allows it on request.
 * Call once, early in main, before any fork. */
void memory_tune(void);

/* Just before a fork: holds the rest of the heap's current 2 MB page, so
 * that what either process allocates next starts on a page the other never
 * touched: a worker's heap then grows into huge pages of its own instead of
 * copying the parent's 4 KB at a time. Each process calls
 * memory_fork_release once the block may be used again: the parent right
 * after the fork, a worker when its work is done. */
void memory_fork_prepare(void);
void memory_fork_release(void);

#endif
