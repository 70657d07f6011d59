/// Where and how to reach Redis, parsed from `redis://[user:pass@]host[:port][/db]`.
public struct RedisConfiguration: Sendable, Hashable {
    /// Host name or address.
    public var host: String
    /// TCP port; 6379 when the URL has none.
    public var port: Int
    /// ACL user name for `AUTH`, if any.
    public var username: String?
    /// Password for `AUTH`, if any.
    public var password: String?
    /// Database index for `SELECT`; 0 when the URL has none.
    public var database: Int

    /// Parses a Redis URL.
    ///
    /// - Parameter url: `redis://[user:pass@]host[:port][/db]`; `user` may be empty (`redis://:pass@host`).
    ///   User and password may be percent-encoded.
    /// - Throws: ``RedisError`` with code ``RedisError/Code/invalidURL`` naming what is wrong (never the password).
    public init(url: String) throws {
        func invalid(_ reason: String) -> RedisError {
            RedisError(.invalidURL, message: "invalid Redis URL: \(reason); expected redis://[user:pass@]host:port/db")
        }
        guard url.hasPrefix("redis://") else { throw invalid("scheme must be redis://") }
        var rest = Substring(url.dropFirst("redis://".count))
        if let query = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<query] }
        var path = Substring("")
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                let user = try Self.percentDecoded(userInfo[..<colon]) ?? { throw invalid("bad percent-encoding in user") }()
                let pass =
                    try Self.percentDecoded(userInfo[userInfo.index(after: colon)...])
                    ?? { throw invalid("bad percent-encoding in password") }()
                self.username = user.isEmpty ? nil : user
                self.password = pass.isEmpty ? nil : pass
            } else {
                // `redis://secret@host` is read as a password, like redis-cli does.
                let pass = try Self.percentDecoded(userInfo) ?? { throw invalid("bad percent-encoding in password") }()
                self.username = nil
                self.password = pass.isEmpty ? nil : pass
            }
        } else {
            self.username = nil
            self.password = nil
        }
        var hostPart = rest
        var portPart: Substring?
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else { throw invalid("unterminated IPv6 address") }
            let after = hostPart[hostPart.index(after: close)...]
            if after.hasPrefix(":") { portPart = after.dropFirst() } else if !after.isEmpty { throw invalid("bad host") }
            hostPart = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
        } else if let colon = hostPart.lastIndex(of: ":") {
            portPart = hostPart[hostPart.index(after: colon)...]
            hostPart = hostPart[..<colon]
        }
        guard !hostPart.isEmpty else { throw invalid("missing host") }
        self.host = String(hostPart)
        if let portPart {
            guard let port = Int(portPart), (1...65535).contains(port) else {
                throw invalid("port must be a number from 1 to 65535")
            }
            self.port = port
        } else {
            self.port = 6379
        }
        if path.isEmpty {
            self.database = 0
        } else {
            guard let database = Int(path), database >= 0 else { throw invalid("database must be a non-negative number") }
            self.database = database
        }
    }

    /// - Parameters:
    ///   - host: Host name or address.
    ///   - port: TCP port.
    ///   - username: ACL user name, if any.
    ///   - password: Password, if any.
    ///   - database: Database index.
    public init(host: String, port: Int = 6379, username: String? = nil, password: String? = nil, database: Int = 0) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
    }

    private static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                    let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension RedisConfiguration: CustomStringConvertible {
    /// The URL with the password redacted.
    public var description: String {
        let auth = self.password == nil ? "" : "\(self.username ?? ""):***@"
        return "redis://\(auth)\(self.host):\(self.port)/\(self.database)"
    }
}
