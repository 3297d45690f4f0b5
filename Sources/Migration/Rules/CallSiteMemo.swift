/// The call sites of one `LexedCode`, found once per root. A lexed text never changes, so the
/// notebook pre-pass and the rewrite passes that hold the same `LexedCode` share one search
/// instead of each scanning the cell again; a rewrite that edits the text lexes it anew and so
/// starts a new memo.
final class CallSiteMemo {
    /// A few roots per text at most, so a short list beats hashing each root's bytes.
    fileprivate var byRoot: [(root: [UInt8], sites: [CallSite])] = []

    fileprivate func sites(_ root: [UInt8]) -> [CallSite]? { byRoot.first { $0.root == root }?.sites }
}

extension LexedCode {
    /// `CallSite.find(in: self, roots: roots)`, with each root searched for at most once.
    func callSites(rooted roots: [[UInt8]]) -> [CallSite] {
        let missing = roots.filter { callSiteMemo.sites($0) == nil }
        if !missing.isEmpty {
            let found = CallSite.find(in: self, roots: missing)
            remember(found, searchedFor: missing)
            // Nothing known of these roots yet, the usual case on a freshly lexed text: the one
            // search is the answer.
            if missing.count == roots.count { return found }
        }
        if roots.count == 1 { return callSiteMemo.sites(roots[0]) ?? [] }
        // Sites of different roots never share a start, so ordering by start gives `find`'s order.
        return roots.flatMap { callSiteMemo.sites($0) ?? [] }.sorted {
            $0.nameRange.lowerBound < $1.nameRange.lowerBound
        }
    }

    private func remember(_ found: [CallSite], searchedFor roots: [[UInt8]]) {
        if roots.count == 1 {
            callSiteMemo.byRoot.append((roots[0], found))
            return
        }
        for root in roots {
            callSiteMemo.byRoot.append((root, found.filter { hasFirstSegment($0.nameRange, root) }))
        }
    }

    private func hasFirstSegment(_ name: Range<Int>, _ root: [UInt8]) -> Bool {
        let end = name.lowerBound + root.count
        return end <= name.upperBound && ByteText.equals(bytes, name.lowerBound..<end, root)
            && (end == name.upperBound || bytes[end] == ByteText.dot)
    }
}
