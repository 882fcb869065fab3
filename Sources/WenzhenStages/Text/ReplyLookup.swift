import WenzhenCore

/// How the other party answers a sentence.
public enum ReplyLookup {
    /// The first later sentence by the other speaker, when it comes before the asker speaks twice more.
    public static func reply(to index: Int, in turns: [Turn]) -> Turn? {
        replyIndex(to: index, in: turns).map { turns[$0] }
    }

    /// The position of that reply.
    public static func replyIndex(to index: Int, in turns: [Turn]) -> Int? {
        let asker = turns[index].speaker
        var own = 0
        for position in (index + 1)..<turns.count {
            if turns[position].speaker != asker { return position }
            own += 1
            if own > 1 { return nil }
        }
        return nil
    }
}
