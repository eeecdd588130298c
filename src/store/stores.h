// Every store interface of one database, as references: what wiring code hands to the use
// cases. The object that owns the implementations (e.g. store::SqliteStores) outlives it.
#pragma once

#include "store/account_store.h"
#include "store/audit_log.h"
#include "store/consent_store.h"
#include "store/front_desk_store.h"
#include "store/lot_store.h"
#include "store/outcome_store.h"
#include "store/patient_store.h"
#include "store/plan_store.h"
#include "store/safety_store.h"
#include "store/session_store.h"
#include "store/unit_of_work.h"

namespace exo::store {

struct Stores {
  LotReader& lot_reader;
  LotWriter& lot_writer;
  AuditWriter& audit_writer;
  AuditReader& audit_reader;
  UserStore& users;
  LoginSessionStore& login_sessions;
  TokenStore& tokens;
  ClinicStore& clinics;
  PatientStore& patients;
  ScreeningStore& screenings;
  PlanStore& plans;
  ConsentStore& consents;
  TreatmentSessionStore& treatment_sessions;
  SafetyStore& safety;
  OutcomeStore& outcomes;
  UnitOfWork& unit_of_work;
  FrontDeskStore& front_desk;
};

}  // namespace exo::store
