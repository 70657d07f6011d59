import Testing

@testable import ParleyModeration

@Suite("Normalizer")
struct NormalizerTests {
    static func view(_ s: String) -> (String, NormalizedText) {
        let t = Normalizer.normalize(Normalizer.scalars(s))
        return (t.string(0, t.count), t)
    }

    @Test func foldsCaseWidthMathAndLookalikes() {
        #expect(Self.view("ＨＥＬＬＯ 𝐖𝐨𝐫𝐥𝐝").0 == "hello world")
        #expect(Self.view("ѕhіt").0 == "shit")  // Cyrillic dze and i
        #expect(Self.view("ᴀᴅᴀ.ᴘᴀɪɴᴛꜱ").0 == "ada.paints")  // small capitals
        #expect(Self.view("Scheiße").0 == "scheisse")
        #expect(Self.view("café").0 == "cafe")
        #expect(Self.view("٠٧٧ ०७७ ０７７ 𝟎𝟕𝟕").0 == "077 077 077 077")
    }

    @Test func dropsInvisiblesAndKeepsOriginalOffsets() {
        let text = "f\u{200B}u\u{00AD}c\u{2060}k!"
        let (s, t) = Self.view(text)
        #expect(s == "fuck!")
        #expect(t.s == [0, 2, 4, 6, 7])
        #expect(t.e == [1, 3, 5, 7, 8])
    }

    @Test func joinsSpacedSingleCharacters() {
        #expect(Self.view("s h i t quality").0 == "shit quality")
        #expect(Self.view("p i e r r e . d u v a l @ g m a i l . c o m").0 == "pierre.duval@gmail.com")
        #expect(Self.view("I am a b").0 == "i am a b")  // fewer than three singles in a row
        let (_, t) = Self.view("x f u c k y")
        // every normalized scalar still maps into the original text
        #expect(t.s.allSatisfy { $0 >= 0 && $0 < 11 })
    }

    @Test func keycapsBecomeDigits() {
        #expect(Self.view("0️⃣7️⃣8️⃣").0 == "078")
    }

    @Test func hashMap() {
        let m = HashMap64([(1, 10), (0, 5), (UInt64.max, 7)])
        #expect(m[1] == 10)
        #expect(m[0] == 5)
        #expect(m[UInt64.max] == 7)
        #expect(m[2] == nil)
    }
}
