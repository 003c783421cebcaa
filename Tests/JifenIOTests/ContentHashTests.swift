import Foundation
import Testing

import JifenIO

@Suite struct ContentHashTests {
    // FIPS 180-2, appendix B.1 and the SHA-256 of the empty message.
    @Test func fipsVectors() {
        #expect(ContentHash.sha256(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ContentHash.sha256(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    // FIPS 180-2 appendix B.2: a message whose padding needs a second block.
    @Test func twoBlockVector() {
        #expect(
            ContentHash.sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    // FIPS 180-2 appendix B.3: one million "a".
    @Test func millionAs() {
        #expect(
            ContentHash.sha256(Data(repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    // Padding boundaries (55 bytes fits one block, 56 does not, 64 is a full block); expected
    // digests from Python's hashlib.
    @Test(arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
    ])
    func paddingBoundaries(length: Int, digest: String) {
        #expect(ContentHash.sha256(Data(repeating: UInt8(ascii: "a"), count: length)) == digest)
    }

    @Test func textIsHashedAsUTF8() {
        #expect(ContentHash.sha256("积分") == "10939f5486458e14c42ac3eff14bd4e0cdeb193771c07bfebffb6571746deae7")
    }
}
