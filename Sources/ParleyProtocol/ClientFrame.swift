import Foundation

/// A frame a client sends over the WebSocket, already validated.
public enum ClientFrame: Sendable, Equatable {
    case subscribe(channel: String, afterSeq: Int64?)
    case unsubscribe(channel: String)
    case messageSend(conversationId: String, body: String, clientMsgId: String)
    case typing(conversationId: String, state: TypingState)
    case read(conversationId: String, seq: Int64)
    case ping
    case authRefresh(token: String)
}
