import Testing

@testable import ParleyModeration

@Suite("Phone detector")
struct PhoneTests {
    @Test(
        "masks phone numbers in many notations",
        arguments: [
            ("call 07812 559 301 after 5", "07812 559 301"),
            ("ring 0113 496 0562", "0113 496 0562"),
            ("+44 7723 410 986 on WhatsApp", "+44 7723 410 986"),
            ("+49 171 5521 903", "+49 171 5521 903"),
            ("+33 6 47 20 15 93", "+33 6 47 20 15 93"),
            ("+91 91234 56780", "+91 91234 56780"),
            ("+1 (303) 555-0128", "+1 (303) 555-0128"),
            ("+55 31 99654-2210", "+55 31 99654-2210"),
            ("+234 706 881 2093", "+234 706 881 2093"),
            ("0044 20 7946 0958 office", "0044 20 7946 0958"),
            ("call (206) 555-0117", "(206) 555-0117"),
            ("555.867.5309", "555.867.5309"),
            ("07#802#117#395", "07#802#117#395"),
            ("07💜833💜902💜417", "07💜833💜902💜417"),
            ("０７８１５ ２２０ ６４３", "０７８１５ ２２０ ６４３"),
            ("٠٧٧٠٠ ٩٠٠ ١٢٣", "٠٧٧٠٠ ٩٠٠ ١٢٣"),
            ("०७७०० ९०० १२३", "०७७०० ९०० १२३"),
            ("𝟎𝟕𝟕𝟎𝟎 𝟗𝟎𝟎 𝟏𝟐𝟑", "𝟎𝟕𝟕𝟎𝟎 𝟗𝟎𝟎 𝟏𝟐𝟑"),
            ("07815\u{200B}604\u{200B}338 ring me", "07815\u{200B}604\u{200B}338"),
            ("07\u{AD}955\u{AD}301\u{AD}684", "07\u{AD}955\u{AD}301\u{AD}684"),
            ("O7412 55O 83l text", "O7412 55O 83l"),
            ("oh seven eight one two, five five nine, three oh one", "oh seven eight one two, five five nine, three oh one"),
            ("zero seven six double four, one two three, eight nine zero", "zero seven six double four, one two three, eight nine zero"),
            ("zero seven nine triple one, two three four five", "zero seven nine triple one, two three four five"),
            ("cero seis uno dos tres cuatro cinco seis siete", "cero seis uno dos tres cuatro cinco seis siete"),
            ("null eins fünf zwei drei vier fünf sechs sieben acht", "null eins fünf zwei drei vier fünf sechs sieben acht"),
            ("zero six un deux trois quatre cinq six sept huit", "zero six un deux trois quatre cinq six sept huit"),
            ("07 eight 1 two 55 nine 30 one lol", "07 eight 1 two 55 nine 30 one"),
            ("07733 and then 402 619 is my number", "07733 and then 402 619"),
            ("0 7 8 1 3 - 6 6 0 - 2 4 9 sorry", "0 7 8 1 3 - 6 6 0 - 2 4 9"),
            ("number: 2 0 6 . 5 5 5 . 0 1 8 8", "2 0 6 . 5 5 5 . 0 1 8 8"),
            ("0.7.5.9.1.4.4.3.8.0.2 whatsapp", "0.7.5.9.1.4.4.3.8.0.2"),
            ("06.12.34.56.78 appelle moi", "06.12.34.56.78"),
            ("Büro: 089 21094387", "089 21094387"),
        ])
    func positive(_ text: String, _ span: String) {
        let v = Shared.pipeline.moderate(text)
        let phones = v.findings.filter { $0.category == .phone }
        #expect(phones.count == 1, "\(text)")
        if let f = phones.first { #expect(Shared.slice(text, f) == span) }
        #expect(v.action == .masked)
        #expect(v.text.contains("[phone removed]"))
    }

    @Test(
        "numbers that are not phones stay",
        arguments: [
            "Would you take 650 for the pair of armchairs?",
            "Total £1,249.99 inc VAT, 20% deposit",
            "The buffet comes to $980.00, drinks not included",
            "R$ 2.500,00 pelo pacote",
            "Le devis est de 1 480,00 € TTC",
            "Wedding is 2025-08-23, first look photos at 13:15",
            "Can we push the fitting to 22/03/2026?",
            "Meet on 12.06.2025 at 10.30",
            "I'm around 09:00-12:30 on Sunday",
            "DHL waybill 4839201756, should arrive before Friday",
            "Ref 7730019284 is the bank transfer",
            "EAN 4 006381 333931 on the box",
            "ISBN 978-3-16-148410-0 is the cookbook",
            "ISBN 0-306-40615-2 is the one",
            "Serial on the projector: 7741-0092-3318",
            "Refund reference RF-00293847, 5-7 working days",
            "Order PO-2025-220931 shipped",
            "Tracking 1Z48X9210398765432",
            "Invoice 0012345678 paid on 2025-03-02",
            "IBAN DE89 3704 0044 0532 0130 00 for the deposit",
            "Coordinates 48.8584, 2.2945 by the tower",
            "The bench should be 1500 x 400 mm",
            "The gazebo is 3x6 m",
            "Venue address: 3 Weir Road, Bath BA2 4JH",
            "Kurfürstendamm 45, 10719 Berlin",
            "Bootstrap 5.3.2 and jQuery 3.7.1",
            "Conversion went up 12.5% after the redesign",
            "We need 120 chairs, 15 tables, 300 napkins and 2 stages",
            "Four adults and two kids, one of them in a wheelchair",
            "Season runs 2023-2026",
            "Size 10 12 14 16 dresses available",
            "Our account number ends in 4521, sort code 20-00-00",
        ])
    func negative(_ text: String) {
        let v = Shared.pipeline.moderate(text)
        #expect(!v.findings.contains { $0.category == .phone }, "\(text)")
        #expect(v.text == text)
    }

    @Test func twoPhonesSeparatedByComma() {
        let v = Shared.pipeline.moderate("07812 559 301, 07999 123 456")
        #expect(v.findings.filter { $0.category == .phone }.count == 2)
    }
}
