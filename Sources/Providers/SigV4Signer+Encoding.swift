import Foundation

/// The canonical URI and query string of SigV4.
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
extension SigV4Signer {
    /// RFC 3986 percent-encoding of everything but the unreserved characters (`A-Z a-z 0-9 - . _ ~`);
    /// `/` is kept when `keepSlash` (paths).
    public static func uriEncode(_ text: String, keepSlash: Bool = false) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: "/") where keepSlash:
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The canonical URI for services other than S3: the path as sent, normalised (empty, `.`
    /// and `..` segments removed) and then URI-encoded once more. Encoding the already-encoded
    /// path is AWS's "encode each segment twice" rule: a Bedrock model id's `:` travels as `%3A`
    /// and is signed as `%253A`.
    static func canonicalURI(_ percentEncodedPath: String) -> String {
        var segments: [Substring] = []
        let raw = percentEncodedPath.split(separator: "/", omittingEmptySubsequences: true)
        for segment in raw {
            if segment == "." { continue }
            if segment == ".." {
                _ = segments.popLast()
                continue
            }
            segments.append(segment)
        }
        var path = "/" + segments.map { uriEncode(String($0)) }.joined(separator: "/")
        if percentEncodedPath.hasSuffix("/"), !segments.isEmpty { path += "/" }
        return path
    }

    /// The canonical query: each name and value decoded then strictly re-encoded, sorted by name
    /// and then value (byte order), joined with `&`; a parameter without `=` gets an empty value.
    static func canonicalQuery(_ percentEncodedQuery: String?) -> String {
        guard let query = percentEncodedQuery, !query.isEmpty else { return "" }
        let pairs: [(String, String)] = query.split(separator: "&").map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            return (uriEncode(name), uriEncode(value))
        }
        return pairs.sorted { lhs, rhs in
            lhs.0 == rhs.0 ? Array(lhs.1.utf8).lexicographicallyPrecedes(rhs.1.utf8) : Array(lhs.0.utf8).lexicographicallyPrecedes(rhs.0.utf8)
        }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }
}
