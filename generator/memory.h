/* memory.h: how the process takes memory from the kernel. */
#ifndef REFORMGEN_MEMORY_H
#define REFORMGEN_MEMORY_H

#include <stddef.h>

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

/* Gives the heap's free pages back to the kernel: for a stage that frees
 * much while it allocates as much in other sizes (the pages of a long
 * document taking the items of its pieces), which the freed blocks cannot
 * serve. Costs a walk over the free blocks: call it after tens of MB were
 * freed, not after each block. */
void memory_give_back(void);

/* The memory a county may take (render_input): memory_mark returns the
 * process's data size now (what RLIMIT_DATA counts: its heap and private
 * writable mappings) less the heap's free top, memory_bound lets the process grow to mark + bytes and
 * no further (an allocation beyond fails, util.c's out-of-memory exit), and
 * memory_unbound lifts the bound again. Nothing is bounded in a sanitizer
 * build, whose shadow memory and quarantine are not the program's. */
size_t memory_mark(void);
void memory_bound(size_t mark, size_t bytes);
void memory_unbound(void);

#endif
