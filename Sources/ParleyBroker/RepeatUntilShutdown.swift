import ServiceLifecycle

/// Runs `work` every `interval` until graceful shutdown (or cancellation) of the calling service.
func repeatUntilShutdown(every interval: Duration, _ work: () async -> Void) async {
    while !Task.isShuttingDownGracefully {
        do {
            try await cancelOnGracefulShutdown { try await Task.sleep(for: interval) }
        } catch {
            return
        }
        await work()
    }
}
