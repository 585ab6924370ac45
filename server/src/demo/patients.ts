import type { Sex } from '../db/schema';

export interface DemoPatient {
  mrn: string;
  name: string;
  birthDate: string;
  sex: Sex;
}

/**
 * Fictional patients for the demo clinic (any resemblance to real persons is coincidental).
 * Mostly adults of the ages RLS clinics see, one child, and every FHIR administrative gender.
 */
export const DEMO_PATIENTS: readonly DemoPatient[] = [
  { mrn: 'MRN-100234', name: 'Eleanor Whitfield', birthDate: '1958-03-14', sex: 'female' },
  { mrn: 'MRN-100251', name: 'Rajesh Nair', birthDate: '1966-11-02', sex: 'male' },
  { mrn: 'MRN-100267', name: 'Sofia Marquez', birthDate: '1989-07-21', sex: 'female' },
  { mrn: 'MRN-100278', name: 'Thomas Lindqvist', birthDate: '1949-01-30', sex: 'male' },
  { mrn: 'MRN-100289', name: 'Amara Okafor', birthDate: '1975-05-09', sex: 'female' },
  { mrn: 'MRN-100293', name: 'Henrik Bauer', birthDate: '1961-09-17', sex: 'male' },
  { mrn: 'MRN-100305', name: 'Lucia Ferreira', birthDate: '1971-12-05', sex: 'female' },
  { mrn: 'MRN-100316', name: 'Daniel Kowalski', birthDate: '1983-04-26', sex: 'male' },
  { mrn: 'MRN-100327', name: 'Grace Thompson', birthDate: '1944-08-11', sex: 'female' },
  { mrn: 'MRN-100338', name: 'Kenji Watanabe', birthDate: '1957-02-19', sex: 'male' },
  { mrn: 'MRN-100349', name: 'Priya Raman', birthDate: '1992-10-03', sex: 'female' },
  { mrn: 'MRN-100352', name: 'Samuel Adeyemi', birthDate: '1968-06-28', sex: 'male' },
  { mrn: 'MRN-100364', name: 'Ingrid Halvorsen', birthDate: '1953-03-07', sex: 'female' },
  { mrn: 'MRN-100375', name: 'Mateo Rossi', birthDate: '2014-09-15', sex: 'male' },
  { mrn: 'MRN-100386', name: 'Fatima Benali', birthDate: '1979-01-22', sex: 'female' },
  { mrn: 'MRN-100397', name: 'George Papadopoulos', birthDate: '1947-11-29', sex: 'male' },
  { mrn: 'MRN-100401', name: 'Hannah Schmidt', birthDate: '1986-05-16', sex: 'female' },
  { mrn: 'MRN-100412', name: 'Oluwaseun Bello', birthDate: '1972-08-04', sex: 'male' },
  { mrn: 'MRN-100423', name: 'Margaret O’Connor', birthDate: '1951-04-12', sex: 'female' },
  { mrn: 'MRN-100434', name: 'Victor Almeida', birthDate: '1964-02-08', sex: 'male' },
  { mrn: 'MRN-100445', name: 'Yuki Tanaka', birthDate: '1995-12-19', sex: 'female' },
  { mrn: 'MRN-100456', name: 'Robert Kline', birthDate: '1955-07-01', sex: 'male' },
  { mrn: 'MRN-100467', name: 'Alexis Moreau', birthDate: '1990-03-27', sex: 'other' },
  { mrn: 'MRN-100478', name: 'Beatriz Santos', birthDate: '1969-10-14', sex: 'female' },
  { mrn: 'MRN-100489', name: 'Ivan Petrov', birthDate: '1959-06-23', sex: 'male' },
  { mrn: 'MRN-100491', name: 'Chloe Dubois', birthDate: '1981-09-30', sex: 'female' },
  { mrn: 'MRN-100502', name: 'Mohammed Al-Rashid', birthDate: '1962-01-18', sex: 'male' },
  { mrn: 'MRN-100513', name: 'Nora Lindgren', birthDate: '1946-05-25', sex: 'female' },
  { mrn: 'MRN-100524', name: 'Patrick Byrne', birthDate: '1974-11-11', sex: 'male' },
  { mrn: 'MRN-100535', name: 'Ana Kovač', birthDate: '1987-02-02', sex: 'female' },
  { mrn: 'MRN-100546', name: 'Julian Weber', birthDate: '1952-12-09', sex: 'male' },
  { mrn: 'MRN-100557', name: 'Leila Haddadi', birthDate: '1977-06-06', sex: 'female' },
  { mrn: 'MRN-100568', name: 'Carlos Mendoza', birthDate: '1967-03-31', sex: 'male' },
  { mrn: 'MRN-100579', name: 'Ruth Goldberg', birthDate: '1941-10-20', sex: 'female' },
  { mrn: 'MRN-100581', name: 'Sam Jordan', birthDate: '1984-08-17', sex: 'unknown' },
  { mrn: 'MRN-100592', name: 'Aisha Mwangi', birthDate: '1993-04-04', sex: 'female' },
  { mrn: 'MRN-100603', name: 'Peter Novak', birthDate: '1956-09-08', sex: 'male' },
  { mrn: 'MRN-100614', name: 'Elena Popescu', birthDate: '1970-07-13', sex: 'female' },
  { mrn: 'MRN-100625', name: 'William Carter', birthDate: '1948-02-24', sex: 'male' },
  { mrn: 'MRN-100636', name: 'Mei Lin Zhou', birthDate: '1980-11-27', sex: 'female' },
];
