-- The standard conditions a PCC decision may attach; an OPCC can add its own. Section 9 of the
-- Police Reform and Social Responsibility Act 2011 allows conditions "including conditions as to repayment".
INSERT INTO `standard_conditions` (`code`, `text`, `about_repayment`, `position`) VALUES
  ('purpose', 'The grant is used only for the purposes set out in the approved bid.', 0, 1),
  ('returns', 'The partnership reports spend and outcomes to the OPCC each quarter, using the portal.', 0, 2),
  ('virement', 'Money is not moved between cost lines or projects without the OPCC''s prior written approval.', 0, 3),
  ('underspend', 'Any part of the grant not spent by the end of the financial year is returned to the OPCC unless the OPCC agrees in writing to carry it forward.', 1, 4),
  ('misuse', 'The OPCC may require repayment of any amount not used in accordance with these conditions.', 1, 5),
  ('publicity', 'The partnership acknowledges the Police and Crime Commissioner''s funding in publicity about the project.', 0, 6),
  ('data', 'The partnership complies with data protection law, including completing a DPIA before processing personal data.', 0, 7),
  ('records', 'The partnership keeps financial records of the grant for six years and makes them available to the OPCC on request.', 0, 8);
