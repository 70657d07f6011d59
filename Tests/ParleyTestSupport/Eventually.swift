/// Polls `condition` every few milliseconds until it holds (true) or `timeout` passes (false).
///
/// - Parameters:
///   - timeout: How long to keep trying.
///   - condition: What to wait for.
public func eventually(timeout: Duration = .seconds(5), _ condition: () -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        if ContinuousClock.now > deadline { return false }
        try await Task.sleep(for: .milliseconds(5))
    }
    return true
}
