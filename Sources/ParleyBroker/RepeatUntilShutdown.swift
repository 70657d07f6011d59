import ServiceLifecycle

/// Runs `work` every `interval` until graceful shutdown or cancellation of the calling task, for the periodic
/// jobs of a `Service` (a heartbeat, a sweep). The first run comes one `interval` after the call; a run that is
/// under way when shutdown begins finishes first.
///
/// - Parameters:
///   - interval: The pause before each run.
///   - work: The job; it handles its own errors.
public func repeatUntilShutdown(every interval: Duration, _ work: () async -> Void) async {
    while !Task.isShuttingDownGracefully {
        do {
            try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        } catch {
            return
        }
        await work()
    }
}
