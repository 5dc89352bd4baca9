//! How the process holds memory it has freed, under glibc's allocator.
//!
//! glibc gives each thread that meets a busy heap a heap of its own, up to
//! eight per core, and a freed block goes back to the heap it came from
//! and stays in the process. The decoding threads' buffers, freed in their
//! heaps, then sit beside the log and the report that another thread
//! builds in its own. The cap is measured in docs/performance.md
//! (issue 15); with another allocator it does nothing. Trimming the heaps
//! once the files are read (malloc_trim) was tried and gave nothing
//! measurable: the memory left is held, not freed.

/// Caps glibc's heaps at one per core (at least two). Call it first thing,
/// before any other thread starts.
pub fn one_heap_per_core() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get().max(2));
        let cores = i32::try_from(cores).unwrap_or(i32::MAX);
        // SAFETY: mallopt sets a tunable of the allocator and takes no
        // pointer; glibc guards it with the allocator's own lock.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, cores);
        }
    }
}
