import Foundation
import ParleySettings

#if canImport(Glibc)
import Glibc
#endif

/// The generated HS256 secret kept in the data dir when `PARLEY_JWT_SECRET` is unset.
enum JWTSecretFile {
    /// Reads `<dataDir>/jwt-secret`, creating it on first start: 48 random bytes, base64, in a file created
    /// exclusively (`O_EXCL`) with mode 0600. A file that exists is never replaced: one that cannot be read stops the
    /// start with an error saying so.
    static func loadOrCreate(dataDir: String) throws -> String {
        let path = dataDir + "/jwt-secret"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor < 0 else { return try create(path: path, descriptor: descriptor) }
        let failure = errno
        guard failure == EEXIST else {
            throw SettingError("cannot create \(path) (errno \(failure)); make the data dir writable or set PARLEY_JWT_SECRET")
        }
        guard let data = FileManager.default.contents(atPath: path), let existing = String(data: data, encoding: .utf8) else {
            throw SettingError(
                "\(path) exists but cannot be read as text; it is never replaced: fix or delete it, or set PARLEY_JWT_SECRET")
        }
        let secret = existing.trimmingCharacters(in: .whitespacesAndNewlines)
        guard secret.utf8.count >= 32 else {
            throw SettingError("\(path) holds a secret shorter than 32 bytes; delete it or set PARLEY_JWT_SECRET")
        }
        return secret
    }

    /// Writes a new secret into the file just created exclusively.
    static func create(path: String, descriptor: Int32) throws -> String {
        defer { close(descriptor) }
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<48).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
        let secret = Data(bytes).base64EncodedString()
        let written = Array(secret.utf8).withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == secret.utf8.count, fsync(descriptor) == 0 else {
            unlink(path)
            throw SettingError("cannot write \(path) (the generated jwt secret)")
        }
        return secret
    }
}
