-- A payment made in advance was labelled "Paid in advance", which read as money already paid;
-- it is now "Advance payment" (issue 8, item 9). Only the label changes.
UPDATE `grant_payments` SET `label` = 'Advance payment' WHERE `label` = 'Paid in advance';
