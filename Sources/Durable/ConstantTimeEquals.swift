/// Whether `a` and `b` hold the same bytes, taking the same time wherever they first differ, so
/// comparing a secret (a MAC, a token) does not leak how much of a guess was right.
///
/// Only the lengths are compared early, since a length is not secret.
public func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for index in a.indices {
        difference |= a[index] ^ b[index]
    }
    return difference == 0
}
