import Foundation

/// Typing state in a `typing` frame or event.
public enum TypingState: String, Codable, Sendable {
    case start, stop
}
