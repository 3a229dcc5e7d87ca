package io.siyu.identity;

/**
 * How identities are unified.
 *
 * @param forbidUnionIdMerge when true, a link that would join two persons who each already hold a
 *                           different WeChat UnionID is refused (and reported) instead of merging
 *                           them; a UnionID is the platform's own proof of one person, so two of
 *                           them usually mean a shared phone or a wrong link
 */
public record IdentityOptions(boolean forbidUnionIdMerge) {
    /** Merge everything that is linked; report components with several UnionIDs. */
    public static final IdentityOptions DEFAULT = new IdentityOptions(false);
}
