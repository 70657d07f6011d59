import ServiceLifecycle

/// Runs beside the application and is shut down before it: ends every notification stream and closes every socket
/// with 1001 (so clients reconnect elsewhere), then lets the server stop.
struct ShutdownDrainer: Service {
    let registry: ConnectionRegistry
    let streams: StreamRegistry

    func run() async throws {
        try? await gracefulShutdown()
        streams.closeAll()
        await registry.drain()
    }
}
