-- depends: 0010.user-facts
-- Where an application's card is shown: one living card per application, edited in place
-- while its steps run (instead of a new card per step), and the previous card's buttons
-- removed when a newer card for the same application is shown. Both NULL until a card is
-- first pressed or sent by the bot; a message the user deleted is replaced once.
ALTER TABLE applications
    ADD COLUMN card_chat_id    bigint,
    ADD COLUMN card_message_id bigint;
