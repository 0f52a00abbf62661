// The drills race real processes against their clients' timeouts: one at a time, so they do not compete for the cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
