import Testing

@testable import ParleyModeration

@Suite("E-mail, URL and handle detectors")
struct ContactTests {
    @Test(
        "e-mail addresses",
        arguments: [
            ("Email me at anna.kowalska@gmail.com", "anna.kowalska@gmail.com"),
            ("jack.omalley at gmail dot com", "jack.omalley at gmail dot com"),
            ("ivy[at]ivyandoakstudio[dot]co[dot]uk", "ivy[at]ivyandoakstudio[dot]co[dot]uk"),
            ("omar.s (at) outlook (dot) com", "omar.s (at) outlook (dot) com"),
            ("juan arroba hotmail punto com", "juan arroba hotmail punto com"),
            ("hugo.brandt＠gmx．at", "hugo.brandt＠gmx．at"),
            ("p i e r r e . d u v a l @ g m a i l . c o m", "p i e r r e . d u v a l @ g m a i l . c o m"),
            ("mеi.lіn@hotmail.com", "mеi.lіn@hotmail.com"),
            ("dara\u{200B}.quinn@icloud.com", "dara\u{200B}.quinn@icloud.com"),
            ("ravi dot k dot menon at gmail", "ravi dot k dot menon at gmail"),
            ("mail: k.schmidt @ web . de", "k.schmidt @ web . de"),
        ])
    func email(_ text: String, _ span: String) {
        let v = Shared.pipeline.moderate(text)
        let f = v.findings.filter { $0.category == .email }
        #expect(f.count == 1, "\(text)")
        if let x = f.first { #expect(Shared.slice(text, x) == span) }
        #expect(v.text.contains("[email removed]"))
    }

    @Test(
        "links and bare domains",
        arguments: [
            ("https://calendly.com/ruth-quilts-studio to book", "https://calendly.com/ruth-quilts-studio"),
            ("www.kofiprints.com", "www.kofiprints.com"),
            ("80 x 120 cm, £95. More at kofiframes.co.uk", "kofiframes.co.uk"),
            ("noahdrums dot com for videos", "noahdrums dot com"),
            ("mia-bakes . co . uk", "mia-bakes . co . uk"),
            ("portfolio: tomsphotos(.)com", "tomsphotos(.)com"),
            ("unser shop: holzkunst punkt de", "holzkunst punkt de"),
            ("t.me/kofi_beats", "t.me/kofi_beats"),
            ("wa.me/447700900588", "wa.me/447700900588"),
            ("linktr.ee/amara.sings", "linktr.ee/amara.sings"),
            ("pay via paypal.me/ingridknits please", "paypal.me/ingridknits"),
            ("cash.app/$mariecakes", "cash.app/$mariecakes"),
            ("venmo.com/u/jake-dj for the deposit", "venmo.com/u/jake-dj"),
            ("bit.ly/4pRt8Lm price list", "bit.ly/4pRt8Lm"),
            ("ruth-quilts.etsy.com", "ruth-quilts.etsy.com"),
            ("yukiceramics.wixsite.com/shop", "yukiceramics.wixsite.com/shop"),
            ("Our site is greenleafcatering.com.", "greenleafcatering.com"),
        ])
    func url(_ text: String, _ span: String) {
        let v = Shared.pipeline.moderate(text)
        let f = v.findings.filter { $0.category == .url }
        #expect(f.count == 1, "\(text)")
        if let x = f.first { #expect(Shared.slice(text, x) == span) }
    }

    @Test(
        "handles",
        arguments: [
            ("telegram @pablo_sounds", "@pablo_sounds"),
            ("insta @rаj_mаkes", "@rаj_mаkes"),
            ("IG @sami\u{200B}.cuts", "@sami\u{200B}.cuts"),
            ("discord mei_art#2281", "mei_art#2281"),
            ("skype live:lola.m.design", "live:lola.m.design"),
            ("snap: tomasz_k_93", "tomasz_k_93"),
            ("snap me h u g o b 2 2", "h u g o b 2 2"),
            ("IG i r i s . b l o o m s", "i r i s . b l o o m s"),
            ("my gram ᴀᴅᴀ.ᴘᴀɪɴᴛꜱ", "ᴀᴅᴀ.ᴘᴀɪɴᴛꜱ"),
            ("find me on whats app, username elena.flowers.bath", "elena.flowers.bath"),
            ("wechat id: zhang_wei88", "zhang_wei88"),
            ("my ig is sofia.cakes.uk", "sofia.cakes.uk"),
            ("My cashapp is $lunabakes", "$lunabakes"),
            ("IG lunabakes", "lunabakes"),
            ("my snap is lunabakes", "lunabakes"),
            ("find me as kofi.beats on insta", "kofi.beats"),
            ("venmo @luna-bakes", "@luna-bakes"),
        ])
    func handle(_ text: String, _ span: String) {
        let v = Shared.pipeline.moderate(text)
        let f = v.findings.filter { $0.category == .handle }
        #expect(f.count == 1, "\(text)")
        if let x = f.first { #expect(Shared.slice(text, x) == span) }
        #expect(v.text.contains("[contact removed]"))
    }

    @Test(
        "look-alikes of contacts that are clean",
        arguments: [
            "The old logo.png was blurry, use the .svg",
            "I've renamed the files to cover_draft_2.psd and spine.ai",
            "Meet @ 10 by the main entrance?",
            "3 @ £12 for the napkin rings",
            "#summerfete #villagegreen for the bunting",
            "e.g. the blue one, i.e. the cheaper",
            "Mr. Smith and Dr. Jones will attend.",
            "It was 5.30 p.m. when they arrived",
            "I'd rather keep payment on the site, feels safer",
            "Line 2 of the address is flat 3",
            "Signal was bad at the venue",
            "More at the venue, see you there",
            "We met on Facebook Marketplace.",
            "my insta is private, sorry",
            "Meet @noon at the gate",
            "The ASP.NET site and Node.js backend",
            "finished.It works now",
            "look at rosebakes, lovely cakes",
            "sent cover_v2.pdf on whatsapp",
        ])
    func clean(_ text: String) {
        let v = Shared.pipeline.moderate(text)
        #expect(v.text == text)
        #expect(!v.findings.contains { $0.category != .solicitation }, "\(text)")
    }

    @Test(
        "solicitation without identifier is flagged but unchanged",
        arguments: [
            "Can we continue on WhatsApp instead? Easier for photos",
            "Do you have Instagram?",
            "I'll send my number after booking",
            "Could you ring me sometime this week?",
            "Do you have a website where I can see more?",
        ])
    func solicitation(_ text: String) {
        let v = Shared.pipeline.moderate(text)
        #expect(v.text == text)
        #expect(v.flagged)
        #expect(v.action == .none)
        #expect(v.categories == [.solicitation])
    }
}
