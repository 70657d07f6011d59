import Foundation

/// Why a client frame was refused, with the frame's `id` when it could be read.
public struct ClientFrameError: Error, Sendable {
    public var id: String?
    public var error: ParleyError
}
