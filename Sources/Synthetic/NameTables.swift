/// Common given names, surnames and connectors by community (spec §7).
///
/// These are lists of *common name parts*, written from general knowledge of Malaysian naming
/// practice, never taken from a breach, a register or any list of real people. A generated name
/// is a random combination of parts, so a full name that matches a real person's does so by
/// chance: the generator never reproduces a real person on purpose.
enum NameTables {
    // MARK: - Malay (given name + bin/binti + father's given name)

    /// Leading elements of Malay male names (spec §7 abbreviations: Mohd / Muhd / Mohamad / Muhammad; Abd / Abdul).
    static let malayMalePrefix = ["Mohd", "Muhammad", "Mohamad", "Muhd", "Ahmad", "Abdul", "Abd", "Mohammad"]
    static let malayMaleGiven = [
        "Faizal", "Hafiz", "Azman", "Rizal", "Amir", "Hakim", "Firdaus", "Zulkifli", "Ismail", "Razak",
        "Syafiq", "Aiman", "Danial", "Haziq", "Iskandar", "Kamal", "Nazri", "Rahman", "Shahrul", "Hisham",
        "Khairul", "Azlan", "Farid", "Hasan", "Ibrahim", "Yusof", "Osman", "Musa", "Salleh", "Ali",
        "Hamzah", "Jamal", "Rosli", "Fauzi", "Nizam", "Azhar", "Zainal", "Badrul", "Harith", "Irfan",
        "Luqman", "Arif", "Izzat", "Safwan", "Zaki", "Rashid", "Anuar", "Halim", "Idris", "Kassim",
        "Ridzuan", "Shamsul", "Fadzil", "Norazman", "Hairul", "Aizat", "Faris", "Hazim", "Redzuan", "Sulaiman",
    ]
    /// Leading elements of Malay female names (Siti; Nur / Nor / Noor; Nurul).
    static let malayFemalePrefix = ["Siti", "Nur", "Nurul", "Noor", "Nor"]
    static let malayFemaleGiven = [
        "Aisyah", "Aminah", "Fatimah", "Hajar", "Zulaikha", "Nabilah", "Syafiqah", "Izzati", "Hidayah", "Farah",
        "Aina", "Aqilah", "Balqis", "Khadijah", "Maryam", "Rohani", "Salmah", "Zaleha", "Rosnah", "Normah",
        "Azizah", "Hasnah", "Rahmah", "Suraya", "Liyana", "Nadia", "Atiqah", "Amirah", "Syazwani", "Farhana",
        "Haslinda", "Rozita", "Zarina", "Noraini", "Faridah", "Halimah", "Kamariah", "Latifah", "Mazlina", "Shahida",
        "Sabariah", "Rohaya", "Azlina", "Hafizah", "Nadiah", "Diana", "Ain", "Sofea", "Umairah", "Wahida",
    ]
    /// Male connectors and their weights: bin, b., bn (spec §7).
    static let malayMaleConnectors = ["bin", "bin", "bin", "bin", "bin", "bin", "bin", "bin", "b.", "bn"]
    /// Female connectors: binti, bt, bte, binte, bt. (spec §7).
    static let malayFemaleConnectors = ["binti", "binti", "binti", "binti", "binti", "binti", "binti", "bt", "bte", "binte"]

    // MARK: - Chinese (surname first, then a one- or two-syllable given name)

    /// The common romanised surnames listed in spec §7.
    static let chineseSurnames = [
        "Tan", "Lim", "Lee", "Ng", "Wong", "Chan", "Ong", "Teh", "Goh", "Chong", "Chin", "Leong", "Yap", "Low",
        "Ho", "Cheah", "Khoo", "Lau", "Chua", "Yeoh", "Ooi", "Koh", "Tay", "Loh", "Foo", "Liew", "Chew", "Soo",
        "Tee", "Chai", "Yong", "Sim", "Lai", "Cheng", "Kok",
    ]
    static let chineseMaleSyllables = [
        "Wei", "Ming", "Kok", "Chee", "Boon", "Kah", "Seng", "Keong", "Hock", "Meng", "Jun", "Hao", "Yong", "Kian",
        "Siong", "Teck", "Chong", "Wai", "Kit", "Zhi", "Heng", "Leong", "Beng", "Choon", "Fook", "Kean", "Loong",
        "Peng", "Soon", "Kiat",
    ]
    static let chineseFemaleSyllables = [
        "Mei", "Ling", "Hui", "Siew", "Li", "Yen", "Xin", "Wen", "Pei", "Shan", "Yee", "Ying", "Min", "Kim", "Lay",
        "Choo", "Geok", "Poh", "Suan", "Qi", "Xuan", "Yan", "Lian", "Fong", "Yin",
    ]
    static let englishMaleNames = ["Jason", "Kelvin", "Alvin", "Eric", "Daniel", "Vincent", "Jimmy", "Steven", "Kenny", "Marcus"]
    static let englishFemaleNames = ["Michelle", "Jessica", "Cheryl", "Grace", "Joanne", "Rachel", "Vivian", "Karen", "Audrey", "Stephanie"]

    // MARK: - Indian (given name + a/l or a/p + father's name)

    static let indianMaleGiven = [
        "Kumar", "Rajesh", "Suresh", "Ganesan", "Muthu", "Ravi", "Selvam", "Murugan", "Arumugam", "Krishnan",
        "Saravanan", "Prakash", "Vijay", "Ramesh", "Anand", "Sivakumar", "Mahendran", "Subramaniam", "Thinesh", "Kavin",
        "Dinesh", "Naveen", "Gopal", "Rajendran", "Balakrishnan", "Manikam", "Velu", "Ramasamy", "Nadarajah", "Paramasivam",
    ]
    static let indianFemaleGiven = [
        "Devi", "Priya", "Kavitha", "Lakshmi", "Malar", "Saraswathy", "Revathi", "Thivya", "Kalaivani", "Vasanthi",
        "Shanti", "Parvathy", "Meena", "Nirmala", "Sangeetha", "Janaki", "Valli", "Anitha", "Deepa", "Kogila",
    ]
    /// a/l (anak lelaki) or the English s/o; a/p or d/o for women (spec §7).
    static let indianMaleConnectors = ["a/l", "a/l", "a/l", "a/l", "a/l", "A/L", "s/o"]
    static let indianFemaleConnectors = ["a/p", "a/p", "a/p", "a/p", "a/p", "A/P", "d/o"]

    // MARK: - Sarawak and Sabah indigenous (given name + anak + father's name)

    static let borneoMaleGiven = [
        "Jimmy", "Jackson", "Nyalau", "Jugah", "Ugak", "Sagah", "Mawan", "Lanyau", "Ngumbang", "Jonathan",
        "Gerald", "Robert", "Jelani", "Dunstan", "Masing", "Justin", "Edwin", "Gimbang", "Jaimis", "Rayner",
    ]
    static let borneoFemaleGiven = [
        "Mary", "Lenny", "Sumang", "Rosalind", "Jenny", "Endu", "Inggai", "Melissa", "Christina", "Agnes",
        "Juliana", "Veronica", "Sandra", "Florence", "Magdalene",
    ]
    static let borneoFathers = ["Jamit", "Bujang", "Empaling", "Nanang", "Saban", "Gindan", "Sulang", "Ambang", "Ngelai", "Jinggut", "Kudi", "Linggi"]
    /// `anak` is the same for sons and daughters, so these names carry no gender connector.
    static let borneoConnectors = ["anak", "anak", "anak", "anak", "ak"]

    // MARK: - Titles (spec §7), used on a few percent of names

    static let maleTitles = ["Haji", "Hj", "Dato'", "Dr", "Encik", "En"]
    static let femaleTitles = ["Hajjah", "Hjh", "Datin", "Dr", "Puan", "Pn", "Cik"]

    // MARK: - Foreign subscribers (visiting workers; passport-like number instead of a MyKad)

    /// Given names and family names per nationality; a foreigner is `given + family`.
    struct ForeignNames: Sendable {
        let country: String
        let male: [String]
        let female: [String]
        let family: [String]
        /// Share of women among this nationality's subscribers.
        let femaleShare: Double
    }

    static let foreign: [ForeignNames] = [
        ForeignNames(
            country: "INDONESIA",
            male: ["Budi", "Agus", "Slamet", "Joko", "Bambang", "Eko", "Wahyu", "Dedi", "Rudi", "Hendra"],
            female: ["Sri", "Dewi", "Wulan", "Rina", "Yuni", "Ani", "Ratna", "Lestari", "Nining"],
            family: ["Santoso", "Susanto", "Hidayat", "Wijaya", "Saputra", "Pratama", "Setiawan", "Kurniawan", "Rahayu", "Handayani"],
            femaleShare: 0.4),
        ForeignNames(
            country: "BANGLADESH",
            male: ["Mohammad", "Md", "Abdul", "Rahim", "Karim", "Hasan", "Shahidul", "Jahangir", "Rafiq", "Alamgir"],
            female: ["Fatema", "Nasrin", "Shirin", "Rokeya"],
            family: ["Uddin", "Hossain", "Rahman", "Islam", "Ahmed", "Miah", "Sarkar", "Alam"],
            femaleShare: 0.05),
        ForeignNames(
            country: "NEPAL",
            male: ["Ram", "Hari", "Krishna", "Bishnu", "Suman", "Dil", "Man", "Tek"],
            female: ["Sita", "Gita", "Maya", "Sarita"],
            family: ["Gurung", "Tamang", "Rai", "Limbu", "Thapa", "Magar", "Shrestha", "Bahadur"],
            femaleShare: 0.1),
        ForeignNames(
            country: "FILIPINA",
            male: ["Jose", "Mark", "John", "Ramon", "Rodel", "Jun"],
            female: ["Maria", "Joy", "Grace", "Rowena", "Marites", "Lorna"],
            family: ["Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "Ramos", "Aquino"],
            femaleShare: 0.6),
        ForeignNames(
            country: "MYANMAR",
            male: ["Aung", "Kyaw", "Zaw", "Min", "Htet", "Naing", "Tun", "Soe"],
            female: ["Thida", "Khin", "Nwe", "Aye", "Hla", "Mya"],
            family: ["Win", "Myint", "Oo", "Htun", "Lwin", "Aung", "Thu", "Zaw"],
            femaleShare: 0.2),
        ForeignNames(
            country: "INDIA",
            male: ["Rajesh", "Sunil", "Amit", "Sanjay", "Manoj", "Vinod", "Ashok"],
            female: ["Anjali", "Pooja", "Sunita", "Rekha"],
            family: ["Kumar", "Singh", "Sharma", "Reddy", "Nair", "Pillai", "Yadav"],
            femaleShare: 0.15),
    ]
}
