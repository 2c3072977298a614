/// HTML escaping for every page LeakTrace writes (triage report, correlation report, notification
/// drafts, court pack): `& < > " '`, so text taken from a dump, a log or a user can never open a
/// tag or leave a quoted attribute.
public enum HTMLText {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
