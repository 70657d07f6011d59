import ServiceLifecycle

/// Runs beside the application and is shut down before it: closes every socket with 1001 (so clients reconnect
/// elsewhere), then lets the server stop.
struct ShutdownDrainer: Service {
    let registry: ConnectionRegistry

    func run() async throws {
        try? await gracefulShutdown()
        await registry.drain()
    }
}
