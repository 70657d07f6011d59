import Foundation
import ParleySettings

/// The generated HS256 secret kept in the data dir when `PARLEY_JWT_SECRET` is unset.
enum JWTSecretFile {
    /// Reads `<dataDir>/jwt-secret`, creating it (mode 0600, 48 random bytes, base64) on first start.
    static func loadOrCreate(dataDir: String) throws -> String {
        let path = dataDir + "/jwt-secret"
        if let existing = try? String(contentsOfFile: path, encoding: .utf8) {
            let secret = existing.trimmingCharacters(in: .whitespacesAndNewlines)
            guard secret.utf8.count >= 32 else {
                throw SettingError("\(path) holds a secret shorter than 32 bytes; delete it or set PARLEY_JWT_SECRET")
            }
            return secret
        }
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<48).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
        let secret = Data(bytes).base64EncodedString()
        guard FileManager.default.createFile(atPath: path, contents: Data(secret.utf8), attributes: [.posixPermissions: 0o600])
        else { throw SettingError("cannot write \(path) (the generated jwt secret)") }
        return secret
    }
}
