enum Moderation {}
