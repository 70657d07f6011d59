import Foundation

/// A decoded client frame with its optional correlation `id`.
public struct ClientEnvelope: Sendable, Equatable {
    public var id: String?
    public var frame: ClientFrame

    public init(id: String?, frame: ClientFrame) {
        self.id = id
        self.frame = frame
    }
}
